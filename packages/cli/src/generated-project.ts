import type { ProjectFixture } from '@redcap-sdk/mock';

/**
 * A classic project of `records` records x 20 fields (the record id, then integers, dates and
 * text), for `redcap mock --records N`: big enough to watch a long export or import.
 *
 * @example
 * ```ts
 * createMockRedcap({ project: generatedProject(200_000) });
 * ```
 */
export function generatedProject(records: number): ProjectFixture {
  const dataFields = Array.from({ length: 19 }, (_, i) => `field_${String(i + 1).padStart(2, '0')}`);
  const rows: Record<string, string>[] = [];
  for (let r = 1; r <= records; r++) {
    const row: Record<string, string> = { record_id: String(r) };
    dataFields.forEach((field, i) => {
      row[field] = i % 3 === 0 ? String((r * 7 + i) % 1000) : i % 3 === 1 ? `2024-0${(r % 9) + 1}-1${i % 10}` : `text value ${r}-${i}`;
    });
    rows.push(row);
  }
  const validation = (i: number): string => (i % 3 === 0 ? 'integer' : i % 3 === 1 ? 'date_ymd' : '');
  return {
    info: {
      project_id: 9100,
      project_title: `Generated project (${records} records)`,
      is_longitudinal: 0,
      record_autonumbering_enabled: 1,
    },
    forms: [{ name: 'data', label: 'Data' }],
    fields: [
      { field_name: 'record_id', form_name: 'data', field_type: 'text', field_label: 'Record ID' },
      ...dataFields.map((field, i) => ({
        field_name: field,
        form_name: 'data',
        field_type: 'text',
        field_label: field,
        text_validation_type_or_show_slider_number: validation(i),
      })),
    ],
    users: [{ username: 'generated', token: 'C11D0000000000000000000000000001' }],
    records: rows,
  };
}
