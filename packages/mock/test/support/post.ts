/** Raw requests to a simulator, as a client on the wire would send them. */
import type { MockRedcap } from '../../src/index.ts';

export const URL_API = 'https://redcap.example.test/api/';
export const XML = '<?xml version="1.0" encoding="UTF-8" ?>';

export type Pairs = Record<string, string> | [string, string][];

/** What a test reads of an answer. */
export interface Answer {
  status: number;
  type: string | null;
  body: string;
}

/** POSTs urlencoded parameters (token added unless given) and returns status, content type and text. */
export async function post(mock: MockRedcap, params: Pairs, token: string | null = mock.token): Promise<Answer> {
  const pairs = Array.isArray(params) ? params : Object.entries(params);
  const body = new URLSearchParams(token === null ? pairs : [['token', token], ...pairs]);
  const response = await mock.handle(new Request(URL_API, { method: 'POST', body }));
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

/** POSTs multipart form data with the token (and an optional `file` part). */
export async function postMultipart(mock: MockRedcap, params: Record<string, string>, file?: File): Promise<Response> {
  const form = new FormData();
  form.append('token', mock.token);
  for (const [name, value] of Object.entries(params)) form.append(name, value);
  if (file) form.append('file', file);
  return mock.handle(new Request(URL_API, { method: 'POST', body: form }));
}
