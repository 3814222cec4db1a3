import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import { hasRepeating } from '../state/design.ts';
import { PROJECT_INFO_KEYS } from '../types.ts';
import { fputcsv } from '../wire/csv.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { respondIn } from '../wire/respond.ts';
import { xmlObject } from '../wire/xml.ts';

/** Export Project Info (§2.15): one object, 26 keys in 15.7.6 order, integer-looking values as numbers. */
export function exportProjectInfo(context: RequestContext): Response {
  const { state } = context;
  const values: Record<string, string | number> = {};
  for (const key of PROJECT_INFO_KEYS) {
    let value: string | number = state.info[key];
    if (key === 'is_longitudinal') value = state.longitudinal ? 1 : 0;
    if (key === 'has_repeating_instruments_or_events') value = hasRepeating(state) ? 1 : 0;
    const text = String(value);
    values[key] = /^-?\d+$/.test(text) ? Number(text) : text;
  }
  context.log('Export project information (API)', `project_id = ${String(state.info.project_id)}`);
  return respondIn(outputFormat(context), {
    json: () => phpJsonEncode(values),
    // No escape character: this export's fputcsv call passes ''.
    csv: () => fputcsv(Object.keys(values), ',', '') + fputcsv(Object.values(values).map(String), ',', ''),
    xml: () => xmlObject(values),
  });
}
