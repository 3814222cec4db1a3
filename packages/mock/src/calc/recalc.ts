/**
 * The save hook: after rows are written, the calc fields of the records touched are
 * recalculated, as REDCap does after an import (§4.3, §4.5), in every event and instance
 * of the record that holds data and where the calc's instrument applies.
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import { isDesignated, isRepeatingForm } from '../state/design.ts';
import type { Cell, FieldDef, ProjectState, RecordState } from '../types.ts';
import type { CalcEnv } from './functions.ts';
import { formatResult } from './format.ts';
import { calcPlan } from './plan.ts';

/** What recalculating needs from the request (or the project creation). */
export interface CalcContext {
  /** The clock of `"today"` and `"now"`. */
  readonly now: Date;
  /** Where unsupported formulas are reported, once per field. */
  readonly report: DiagnosticSink;
}

/**
 * Recalculates the calc fields of `records`. Returns, for each record whose calc values
 * changed, the changes in logging form (`bmi = '22.9'`, `bmi = ''`).
 *
 * @example
 * const changes = recalculate(state, [record], { now: new Date(), report });
 * changes.get('1'); // ["bmi = '22.9'"]
 */
export function recalculate(state: ProjectState, records: Iterable<RecordState>, context: CalcContext): Map<string, string[]> {
  const changes = new Map<string, string[]>();
  const plan = calcPlan(state, context.report);
  if (plan.calcs.length === 0) return changes;
  const env: CalcEnv = { now: context.now, missingCodes: plan.missingCodes };
  for (const record of records) {
    const cells = [...record.cells.values()];
    let list: string[] | undefined;
    for (const { field, run } of plan.calcs) {
      const name = field.field_name;
      for (const cell of cells) {
        if (!applies(state, field, cell)) continue;
        const value = run
          ? formatResult(run({ record, event: cell.event, instrument: cell.instrument, instance: cell.instance }, env))
          : '';
        const stored = cell.values.get(name);
        if (value === (stored ?? '')) continue;
        if (value === '') cell.values.delete(name);
        else cell.values.set(name, value);
        list ??= [];
        list.push(`${name} = '${value}'`);
      }
    }
    if (list) changes.set(record.name, list);
  }
  return changes;
}

/** Whether the calc field has a place in the cell: its instrument is designated for the event, and repeats there if the cell does. */
function applies(state: ProjectState, field: FieldDef, cell: Cell): boolean {
  const form = field.form_name;
  if (!isDesignated(state, cell.event, form)) return false;
  if (cell.instrument !== '') return cell.instrument === form;
  return !isRepeatingForm(state, cell.event, form);
}
