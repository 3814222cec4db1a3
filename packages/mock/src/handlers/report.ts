/** Export Reports (§2.18): a report's fields and filter over the flat record export. */
import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { exportRecords } from '../records/export.ts';
import { htmlEscape } from '../wire/html.ts';
import type { ParamValue } from '../wire/params.ts';
import { stringParam } from '../wire/params.ts';
import { fail } from '../wire/respond.ts';

/** The record-export parameters a report export passes on. */
const PASSED_ON = ['format', 'returnFormat', 'rawOrLabel', 'rawOrLabelHeaders', 'exportCheckboxLabel', 'csvDelimiter', 'decimalCharacter'];

/** Export Report: 403 for a report of another project; always flat; the report's fields, in order, and its filter. */
export function exportReport(context: RequestContext): Response {
  const { state, params, user } = context;
  if (user.rights.dataExport === 0) {
    throw fail(
      403,
      'The API request cannot complete because currently you have "No Access" data export rights. Higher level data export rights are required for this operation.',
    );
  }
  const idText = stringParam(params, 'report_id') ?? '';
  const report = /^\d+$/.test(idText) ? state.reports.find((candidate) => candidate.id === Number(idText)) : undefined;
  if (!report) throw fail(403, `The API request cannot complete because report_id=${htmlEscape(idText)} does not belong to this project.`);
  const completeFields = new Set(state.forms.map((form) => `${form.name}_complete`));
  const fields = report.fields.filter((name) => state.fieldByName.has(name) || completeFields.has(name));
  const values = new Map<string, ParamValue>();
  for (const name of PASSED_ON) {
    const value = stringParam(params, name);
    if (value !== undefined) values.set(name, value);
  }
  values.set('fields', fields.join(','));
  if (report.filter) values.set('filterLogic', report.filter);
  const response = exportRecords({ ...context, params: { values, files: new Map() }, type: 'flat', log: () => undefined });
  context.log(
    'Export data (API)',
    `report_id: ${report.id}, export_format: ${outputFormat(context).toUpperCase()}, rawOrLabel: ${context.rawOrLabel}, fields: "${fields.join(', ')}"`,
  );
  return response;
}
