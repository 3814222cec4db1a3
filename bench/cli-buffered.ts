/**
 * The buffered way to the same CSV, for bench/cli-memory.ts: every record exported as JSON rows
 * in one request, held in memory, then written as CSV. What a script without batching does.
 */
import { writeFileSync } from 'node:fs';
import { createRedcap } from '@redcap-sdk/core';

const [url, token, out] = process.argv.slice(2) as [string, string, string];
const rows = await createRedcap({ url, token, timeout: 600_000 }).records.export();
const columns = Object.keys(rows[0] ?? {});
const cell = (value: unknown): string => {
  const text = String(value ?? '');
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
writeFileSync(out, `${[columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\n')}\n`);
