/** A classic project of `records` records × 20 fields (the record id and 19 data fields), built in memory. */
import type { ProjectFixture } from '@redcap-sdk/mock';

export function bigFixture(records: number): ProjectFixture {
  const dataFields = Array.from({ length: 19 }, (_, i) => `field_${String(i + 1).padStart(2, '0')}`);
  const rows = [];
  for (let r = 1; r <= records; r++) {
    const row: Record<string, string> = { record_id: String(r) };
    dataFields.forEach((field, i) => {
      row[field] = i % 3 === 0 ? String((r * 7 + i) % 1000) : i % 3 === 1 ? `2024-0${(r % 9) + 1}-1${i % 10}` : `text value ${r}-${i}`;
    });
    rows.push(row);
  }
  return {
    info: { project_id: 9001, project_title: 'Benchmark project', is_longitudinal: 0, record_autonumbering_enabled: 1 },
    forms: [{ name: 'data', label: 'Data' }],
    fields: [
      { field_name: 'record_id', form_name: 'data', field_type: 'text', field_label: 'Record ID' },
      ...dataFields.map((field) => ({ field_name: field, form_name: 'data', field_type: 'text', field_label: field })),
    ],
    users: [{ username: 'bench', token: 'BE0C0000000000000000000000000001' }],
    records: rows,
  };
}
