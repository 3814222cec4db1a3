/**
 * One measured case, in a process of its own so that its peak memory (maxRSS) is
 * its own. Prints `{ ms, peakMb, ... }` as one JSON line.
 */
import { createRedcap, RedcapBatchError, type ImportRow } from '@redcap-sdk/core';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';

const [name = '', url = '', token = ''] = process.argv.slice(2);
const redcap = createRedcap({ url, token, rateLimit: { perMinute: 590, concurrency: 8 } });
const started = performance.now();
let extra: Record<string, unknown> = {};

switch (name) {
  case 'idle':
    break;
  case 'fetch-baseline': {
    const body = new URLSearchParams({ token, content: 'record', action: 'export', returnFormat: 'json', format: 'json' });
    const response = await fetch(url, { method: 'POST', body });
    const rows = JSON.parse(await response.text()) as unknown[];
    extra = { rows: rows.length };
    break;
  }
  case 'export-buffered': {
    const rows = await redcap.records.export();
    extra = { rows: rows.length };
    break;
  }
  case 'export-batches-to-disk': {
    const path = `${process.env.BENCH_TMP ?? '.'}/bench-export.ndjson`;
    const out = createWriteStream(path);
    let rows = 0;
    for await (const batch of redcap.records.exportBatches({ batchSize: 1000, recordIdField: 'record_id' })) {
      rows += batch.length;
      // Diagnostic run only (node --expose-gc): what stays alive, without V8's lazy collection.
      (globalThis as { gc?: () => void }).gc?.();
      if (!out.write(`${batch.map((row) => JSON.stringify(row)).join('\n')}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    await rm(path);
    extra = { rows };
    break;
  }
  case 'export-sequential':
  case 'export-concurrent': {
    const rows = await redcap.records.export({
      batchSize: 1000,
      concurrency: name === 'export-concurrent' ? 4 : 1,
      recordIdField: 'record_id',
    });
    extra = { rows: rows.length };
    break;
  }
  case 'import':
  case 'import-resume': {
    const total = Number(process.env.BENCH_IMPORT ?? 100000);
    const rows: ImportRow[] = Array.from({ length: total }, (_, i) => ({
      record_id: `n${i + 1}`,
      field_01: String(i % 1000),
      field_03: `imported ${i}`,
    }));
    const options = { batchSize: 1000, recordIdField: 'record_id' };
    if (name === 'import') {
      extra = { count: await redcap.records.import(rows, options) };
      break;
    }
    // Half way, a row REDCap refuses (an unknown field): that batch fails, later ones are not sent.
    rows[total / 2] = { record_id: `n${total / 2 + 1}`, field_01: String(total / 2), field_03: 'x', not_a_field: 'breaks this batch' };
    let count = 0;
    try {
      count = await redcap.records.import(rows, options);
    } catch (error) {
      if (!(error instanceof RedcapBatchError)) throw error;
      rows[total / 2] = { record_id: `n${total / 2 + 1}`, field_01: String(total / 2), field_03: 'fixed' };
      const landed = new Set(error.landed);
      extra = { landedBeforeFailure: landed.size, failed: error.failed.length, notSent: error.notSent.length };
      count =
        landed.size +
        (await redcap.records.import(
          rows.filter((row) => !landed.has(String(row.record_id))),
          options,
        ));
    }
    const stats = await (await fetch(url, { method: 'POST', body: new URLSearchParams({ token, content: 'benchStats' }) })).json();
    extra = { ...extra, count, server: stats };
    break;
  }
  default:
    throw new Error(`unknown case ${name}`);
}

const ms = performance.now() - started;
console.log(JSON.stringify({ ms: Math.round(ms), peakMb: Math.round(process.resourceUsage().maxRSS / 1024), ...extra }));
