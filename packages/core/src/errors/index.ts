export { RedcapError, isRedcapError, type RedcapErrorName, type RedcapOperation } from './redcap-error.ts';
export { RedcapApiError, parseImportErrorDetails, type ImportErrorDetail } from './api-error.ts';
export { RedcapHttpError } from './http-error.ts';
export { RedcapResponseError } from './response-error.ts';
export { RedcapNetworkError } from './network-error.ts';
export { RedcapTimeoutError } from './timeout-error.ts';
export { RedcapValidationError } from './validation-error.ts';
export { RedcapImportCheckError } from './import-check-error.ts';
export { RedcapBatchError, type BatchOutcome, type BatchRefusal } from './batch-error.ts';
