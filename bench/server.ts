/**
 * The benchmark's REDCap: the simulator over local HTTP, in its own process so
 * its memory is not counted against the client. Prints `{ url, token }` as one
 * JSON line. `--latency <ms>` delays every answer; `--records <n>` sizes the
 * project. A POST with `content=benchStats` answers how many times each record
 * was imported, to prove a resumed import sends each record once.
 */
import { createMockRedcap } from '@redcap-sdk/mock';
import { startMockServer } from '@redcap-sdk/mock/server';
import { parseArgs } from 'node:util';
import { bigFixture } from './fixture.ts';

const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' }, latency: { type: 'string', default: '0' } } });
const latency = Number(values.latency);
const mock = createMockRedcap({ project: bigFixture(Number(values.records)) });
const imports = new Map<string, number>();

const handle = async (request: Request): Promise<Response> => {
  const form = await request.clone().formData();
  if (form.get('content') === 'benchStats') {
    const counts = [...imports.values()];
    return Response.json({ records: imports.size, sentTwice: counts.filter((n) => n > 1).length });
  }
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
  const response = await mock.handle(request);
  if (form.get('content') === 'record' && form.has('data') && response.ok) {
    for (const row of JSON.parse(String(form.get('data'))) as { record_id: string }[])
      imports.set(row.record_id, (imports.get(row.record_id) ?? 0) + 1);
  }
  return response;
};

const server = await startMockServer({ ...mock, handle });
console.log(JSON.stringify({ url: server.url, token: mock.token }));
process.stdin.resume();
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
