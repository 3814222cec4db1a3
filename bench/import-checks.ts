/**
 * Import pre-check cost (issue 11): REDCap's import checks over 50,000 rows of a classic
 * project (text, integer, date, choice, yes/no and checkbox columns), every tenth row
 * with a bad value. No request is made. Prints the time and the number of problems.
 *
 *   node bench/import-checks.ts [--rows 50000]
 */
import { checkableProject, checkImportRows, type ImportRow } from '@redcap-sdk/core';
import { classicFixture } from '@redcap-sdk/mock';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' } } });
const count = Number(values.rows);
const metadata = classicFixture.fields.map((field) => ({ ...field }));
const project = checkableProject({ metadata, repeating: [{ form_name: 'medications', custom_form_label: '' }] });
const rows: ImportRow[] = Array.from({ length: count }, (_, i) => ({
  record_id: String(i + 1),
  name: `P${i}`,
  age: i % 10 === 0 ? 'abc' : String(i % 90),
  dob: i % 2 ? '12/31/1990' : '',
  sex: String(i % 3),
  smoker: '1',
  conditions___1: '1',
  conditions___2: '0',
}));
const start = performance.now();
const problems = checkImportRows(project, rows, { dateFormat: 'MDY' });
const ms = performance.now() - start;
console.log(`checked ${count} rows (${count * 8} cells) in ${ms.toFixed(0)} ms: ${problems.length} problems`);
