export { type JavascriptModuleObject, type ModuleAjaxOptions, moduleAjaxClientOptions, moduleAjaxFetch } from './module-ajax-fetch.ts';
export type { AjaxAnswer, AjaxCall } from './wire.ts';
