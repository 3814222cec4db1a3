/**
 * Helpers of the integrity scenarios: a simulator with numbered records, a client
 * for it, what it stores, and what a request asks for.
 */
import { createRedcap, type ImportRow, type Redcap } from '@redcap-sdk/core';
import { classicFixture, createMockRedcap, type MockRedcap } from '@redcap-sdk/mock';
import type { ScenarioEnv } from './scenario.ts';

/** The request's form fields that say what it is. */
export async function describeRequest(request: Request): Promise<{ content: string; action: string; records: string[]; data: string }> {
  const form = await request.clone().formData();
  const records = [...form.entries()].filter(([key]) => key.startsWith('records[')).map(([, value]) => String(value));
  return { content: String(form.get('content')), action: String(form.get('action')), records, data: String(form.get('data') ?? '') };
}

/** A classic project with `count` records named 1..count (no fixture records). */
export async function numbered(env: ScenarioEnv, count: number): Promise<{ redcap: Redcap; mock: MockRedcap }> {
  const mock = createMockRedcap({ project: { ...classicFixture, records: [] } });
  env.use((request) => mock.handle(request));
  const redcap = clientOf(env, mock);
  const rows: ImportRow[] = Array.from({ length: count }, (_, i) => ({ record_id: String(i + 1), name: `P${i + 1}`, age: 20 + i }));
  if (rows.length > 0) await redcap.records.import(rows);
  return { redcap, mock };
}

/** A client of the simulator at the env's URL, with quick retries (or none). */
export function clientOf(
  env: ScenarioEnv,
  mock: MockRedcap,
  retry: { limit: number; delay: number } | false = { limit: 3, delay: 1 },
): Redcap {
  return createRedcap({ url: env.url, token: mock.token, dangerouslyAllowBrowser: true, retry });
}

/** The records the simulator holds, by name. */
export async function stored(mock: MockRedcap): Promise<string[]> {
  const rows = (await createRedcap({
    url: 'https://x.invalid/api/',
    token: mock.token,
    fetch: mock.fetch,
    dangerouslyAllowBrowser: true,
  }).records.export({
    fields: ['record_id'],
  })) as { record_id: string }[];
  return [...new Set(rows.map((row) => row.record_id))];
}
