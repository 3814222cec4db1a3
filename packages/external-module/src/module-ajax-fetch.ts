import { type AjaxCall, fromBase64, isAjaxAnswer, toBase64 } from './wire.ts';

/** The part of the External Module framework's JavaScript Module Object the transport uses. */
export interface JavascriptModuleObject {
  /** Posts `payload` to the module's `redcap_module_ajax` hook under `action`; resolves to what the hook returned. */
  ajax(action: string, payload: unknown): Promise<unknown>;
}

/** Options of {@link moduleAjaxFetch}. */
export interface ModuleAjaxOptions {
  /** The action declared in `config.json` (`auth-ajax-actions`) and handled by the PHP side. @default 'redcap-api' */
  readonly action?: string;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** The request's form, as the wire format carries it. */
async function callOf(request: Request): Promise<AjaxCall> {
  const params: Array<[string, string]> = [];
  const files: Array<AjaxCall['files'][number]> = [];
  for (const [name, value] of await request.formData()) {
    if (typeof value === 'string') params.push([name, value]);
    else files.push({ field: name, name: value.name, type: value.type, base64: toBase64(new Uint8Array(await value.arrayBuffer())) });
  }
  return { params, files };
}

/**
 * A `fetch` for `createRedcap` that sends every API call through the framework's
 * `module.ajax` to the module's PHP side (`RedcapApiAjax`), which adds the token kept in
 * a module setting and forwards the call to REDCap. Files go both ways (as base64, since
 * the framework speaks JSON). Calls run one at a time, as the framework would run them anyway.
 *
 * A hook that fails or returns something else rejects like a network error does.
 *
 * @example
 * ```ts
 * import { createRedcap } from '@redcap-sdk/core';
 * import { moduleAjaxFetch } from '@redcap-sdk/external-module';
 *
 * const module = ExternalModules.Example.RedcapSdkExampleModule; // the page's JavaScript Module Object
 * const redcap = createRedcap({ url: location.origin + '/', token: null, fetch: moduleAjaxFetch(module), rateLimit: { concurrency: 1 } });
 * ```
 */
export function moduleAjaxFetch(module: JavascriptModuleObject, options: ModuleAjaxOptions = {}): typeof globalThis.fetch {
  if (typeof module?.ajax !== 'function') {
    throw new TypeError(
      'moduleAjaxFetch: expected the JavaScript Module Object (the value of getJavascriptModuleObjectName() in PHP), which has an ajax() method.',
    );
  }
  const action = options.action ?? 'redcap-api';
  let queue: Promise<unknown> = Promise.resolve();

  async function send(request: Request): Promise<Response> {
    const call = await callOf(request);
    let answer: unknown;
    try {
      answer = await module.ajax(action, call);
    } catch (error) {
      // The framework's own failures (an undeclared action, a lost session) carry no REDCap answer.
      throw new TypeError(`module.ajax('${action}') failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!isAjaxAnswer(answer)) {
      throw new TypeError(
        `module.ajax('${action}') did not return a REDCap answer: is redcap_module_ajax returning forwardRedcapApiCall(...)?`,
      );
    }
    const body = answer.encoding === 'base64' ? fromBase64(answer.body) : answer.body;
    return new Response(answer.status === 204 ? null : body, { status: answer.status, headers: answer.headers });
  }

  return async function moduleFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const signal = request.signal;
    if (signal.aborted) throw abortReason(signal);
    const turn = queue.then(() => {
      if (signal.aborted) throw abortReason(signal);
      return send(request);
    });
    // The next call waits for this one, whether it succeeds or not.
    queue = turn.catch(() => undefined);
    return new Promise<Response>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(abortReason(signal)), { once: true });
      turn.then(resolve, reject);
    });
  };
}

/**
 * The options of `createRedcap` for a page of an External Module: no token (the PHP side
 * adds it), {@link moduleAjaxFetch} as the transport, and one call at a time. The URL is
 * a placeholder: the PHP side always calls its own REDCap's API.
 *
 * @example
 * ```ts
 * const redcap = RedcapSDK.createRedcap(RedcapModuleAjax.moduleAjaxClientOptions(module));
 * const rows = await redcap.records.export({ fields: ['record_id'] });
 * ```
 */
export function moduleAjaxClientOptions(
  module: JavascriptModuleObject,
  options: ModuleAjaxOptions = {},
): { url: string; token: null; fetch: typeof globalThis.fetch; rateLimit: { concurrency: number; perMinute: number } } {
  return {
    url: 'https://external-module.invalid/api/',
    token: null,
    fetch: moduleAjaxFetch(module, options),
    rateLimit: { concurrency: 1, perMinute: 300 },
  };
}
