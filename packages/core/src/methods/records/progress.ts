/** Progress of a batched records export, reported after the id list and after each batch. */
export interface ExportProgress {
  /** Records exported so far. */
  records: number;
  /** Records the export will return. */
  totalRecords: number;
  /** Batches done. */
  batches: number;
  /** Batches in all. */
  totalBatches: number;
  /** Bytes of the answers received so far (the id list included). */
  bytes: number;
}

/** Progress of a batched records import, reported after each batch that landed. */
export interface ImportProgress {
  /** Records imported so far. */
  records: number;
  /** Records in the data. */
  totalRecords: number;
  /** Batches done. */
  batches: number;
  /** Batches in all. */
  totalBatches: number;
  /** Bytes (UTF-8) of the rows sent, as the JSON of the `data` parameter, in the batches that landed. */
  bytes: number;
}

/** The batching knobs of a records export or import; they never go to REDCap. */
export interface BatchKnobs<P> {
  /** Records per request. Setting it turns batching on. */
  readonly batchSize?: number;
  /** Requests in flight at once (the client's rate limit still applies). @default 1 */
  readonly concurrency?: number;
  /** Told the progress after each batch. */
  readonly onProgress?: (progress: P) => void;
  /** The record id field, when it is not the first field of the data dictionary (export) or the first key of the first row (import). */
  readonly recordIdField?: string;
}
