/**
 * Simulator complexity check (issue 9): one Import Records request of 50,000 records, and one of
 * 200 rows x 5,000 fields, straight into `@redcap-sdk/mock` (no HTTP, no SDK). Prints the times;
 * a quadratic step in the simulator shows up as seconds to minutes here. Then the 50,000 records
 * again into a project with calc fields (arithmetic, if/round, sum, datediff, a calc of calcs),
 * against the same project without them, and the ratio.
 *
 *   node bench/simulator-import.ts [--records 50000] [--rows 200] [--fields 5000]
 */
import { createMockRedcap, type ProjectFixture } from '@redcap-sdk/mock';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '50000' },
    rows: { type: 'string', default: '200' },
    fields: { type: 'string', default: '5000' },
  },
});

/** The calc fields of the calc case: they read f1-f3 (numbers) and f4 (a date). */
const CALCS = [
  ['c_sum', '[f1] + [f2] * [f3]'],
  ['c_if', "if([f1] > 10, round([f2] / [f3], 2), '')"],
  ['c_agg', 'sum([f1], [f2], [f3]) / mean([f1], [f2])'],
  ['c_age', 'rounddown(datediff([f4], "2025-01-01", "y"), 1)'],
  ['c_all', '[c_sum] + [c_if] + [c_agg] + [c_age]'],
] as const;

/** A classic project whose one instrument has `fields` text fields besides the record id (and the calc fields when `calcs`). */
function project(fields: number, calcs = false): ProjectFixture {
  return {
    info: { project_id: 1, project_title: 'Bench', is_longitudinal: 0, record_autonumbering_enabled: 1 },
    forms: [{ name: 'form_1', label: 'Form 1' }],
    fields: [
      { field_name: 'record_id', form_name: 'form_1', field_type: 'text', field_label: 'ID' },
      ...Array.from({ length: fields }, (_, index) => ({
        field_name: `f${index + 1}`,
        form_name: 'form_1',
        field_type: 'text',
        field_label: `Field ${index + 1}`,
      })),
      ...(calcs
        ? CALCS.map(([name, formula]) => ({
            field_name: name,
            form_name: 'form_1',
            field_type: 'calc',
            field_label: name,
            select_choices_or_calculations: formula,
          }))
        : []),
    ],
    users: [{ username: 'bench', token: 'B'.repeat(32), rights: { apiExport: true, apiImport: true } }],
    records: [],
  };
}

async function importOnce(
  label: string,
  fields: number,
  rows: Record<string, string>[],
  extra: Record<string, string> = {},
  calcs = false,
): Promise<number> {
  const mock = createMockRedcap({ project: project(fields, calcs) });
  const body = new URLSearchParams({ token: mock.token, content: 'record', format: 'json', data: JSON.stringify(rows), ...extra });
  const started = performance.now();
  const response = await mock.handle(new Request('https://redcap.example.test/api/', { method: 'POST', body }));
  const text = await response.text();
  const ms = performance.now() - started;
  console.log(`${label}: ${ms.toFixed(0)} ms (HTTP ${response.status}, ${text.slice(0, 40)})`);
  if (mock.diagnostics.length > 0) throw new Error(mock.diagnostics.map((diagnostic) => diagnostic.message).join('\n'));
  return ms;
}

const records = Number(values.records);
const wide = { rows: Number(values.rows), fields: Number(values.fields) };
const narrow = Array.from({ length: records }, (_, index) => ({ record_id: String(index + 1), f1: 'a', f2: 'b', f3: 'c' }));
await importOnce(`${records.toLocaleString('en')} records x 3 fields, one request`, 3, narrow);
await importOnce(`${records.toLocaleString('en')} records, forceAutoNumber`, 3, narrow, {
  forceAutoNumber: 'true',
  returnContent: 'auto_ids',
});
const row = (index: number): Record<string, string> => {
  const out: Record<string, string> = { record_id: String(index + 1) };
  for (let field = 1; field <= wide.fields; field++) out[`f${field}`] = String(field);
  return out;
};
await importOnce(
  `${wide.rows} rows x ${wide.fields.toLocaleString('en')} fields, one request`,
  wide.fields,
  Array.from({ length: wide.rows }, (_, index) => row(index)),
);

const numeric = Array.from({ length: records }, (_, index) => ({
  record_id: String(index + 1),
  f1: String(index % 50),
  f2: String((index % 7) + 1),
  f3: String((index % 3) + 1),
  f4: `19${String(50 + (index % 50))}-0${(index % 9) + 1}-1${index % 10}`,
}));
const plain = await importOnce(`${records.toLocaleString('en')} records x 4 fields, no calc fields`, 4, numeric);
const withCalcs = await importOnce(
  `${records.toLocaleString('en')} records x 4 fields + ${CALCS.length} calc fields`,
  4,
  numeric,
  {},
  true,
);
console.log(`calc fields cost: ${(withCalcs / plain).toFixed(2)}x the import without them`);
