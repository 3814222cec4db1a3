import type { ImportRow } from '../../methods/records/types.ts';
import { columnsOf } from './columns.ts';
import type { ImportDateFormat } from './dates.ts';
import { designOf, type Design } from './design.ts';
import type { ImportProblem } from './problem.ts';
import { recordNameProblem } from './record-name.ts';
import type { CheckableProject } from './shape.ts';

/** The import options the checks follow. */
export interface ImportCheckOptions {
  /** How the data writes dates, as the import's `dateFormat`. @default 'YMD' */
  readonly dateFormat?: ImportDateFormat;
  /** The import replaces the record names (when the project auto-numbers): their rules do not apply. */
  readonly forceAutoNumber?: boolean;
}

const REPEAT_COLUMNS_REFUSED =
  "ERROR: Trying to import repeat instance/instrument fields! The fields 'redcap_repeat_instrument' and 'redcap_repeat_instance' are reserved for when 'Repeating Instruments and Events' have been  enabled on the Project Setup page. This project does not have that feature enabled, so you may not import data with those fields.";

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * Runs REDCap's import checks (reference §4.4) on flat rows against a project, and
 * returns every problem, in row order, with REDCap's own messages: unknown columns
 * and events, record names, the repeating rules, fields on forms the event does not
 * hold, choices, checkbox and form status values, every validation type (dates as the
 * import's `dateFormat` reads them) and hard ranges. An empty list: REDCap's checks
 * would pass. One pass over the cells with Set and Map lookups.
 *
 * @example
 * ```ts
 * const problems = checkImportRows(project, [{ record_id: '1', age: 'abc' }]);
 * // [{ row: 0, record: '1', field: 'age', value: 'abc', message: 'The value of age must be an integer.' }]
 * ```
 */
export function checkImportRows(project: CheckableProject, rows: readonly ImportRow[], options: ImportCheckOptions = {}): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const columns = columnsOf(project, options.dateFormat ?? 'YMD');
  const design = designOf(project);
  const pk = project.recordIdField;

  // Columns: each unknown one once, at the first row that has it.
  const seen = new Set<string>();
  let hasId = false;
  rows.forEach((row, index) => {
    for (const name of Object.keys(row)) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (name === pk) hasId = true;
      else if (!columns.has(name)) {
        const shown = name === '' ? '[variable name was left blank]' : name;
        const message = `The following fields were not found in the project as real data fields: ${shown}`;
        problems.push({ row: index, record: text(row[pk]), field: name, value: '', message });
      }
    }
  });
  if (rows.length > 0 && !hasId)
    problems.push({ row: 0, record: '', field: pk, value: '', message: `The record id field (${pk}) is missing.` });
  const first = rows[0] ?? {};
  if (!design.hasRepeating && ('redcap_repeat_instrument' in first || 'redcap_repeat_instance' in first)) {
    problems.push({ row: 0, record: text(first[pk]), field: 'redcap_repeat_instance', value: '', message: REPEAT_COLUMNS_REFUSED });
  }

  const keys = new Set<string>();
  for (let index = 0; index < rows.length; index++) checkRow(project, design, columns, rows[index]!, index, options, keys, problems);
  return problems;
}

/** One row: where it goes (record, event, instrument, instance), then each of its values. */
function checkRow(
  project: CheckableProject,
  design: Design,
  columns: ReturnType<typeof columnsOf>,
  row: ImportRow,
  index: number,
  options: ImportCheckOptions,
  keys: Set<string>,
  problems: ImportProblem[],
): void {
  const pk = project.recordIdField;
  const record = text(row[pk]);
  const add = (field: string, value: string, message: string): void => {
    problems.push({ row: index, record, field, value, message });
  };
  if (!(options.forceAutoNumber && project.autoNumbering)) {
    const refused = recordNameProblem(record);
    if (refused) add(pk, record, refused);
  }
  const event = project.longitudinal ? ('redcap_event_name' in row ? text(row.redcap_event_name) : design.firstEvent) : design.firstEvent;
  if (project.longitudinal && !design.eventLabels.has(event)) {
    add('redcap_event_name', event, `The following values of redcap_event_name are invalid: ${event}`);
    return;
  }
  const instrumentGiven = text(row.redcap_repeat_instrument);
  const instance = text(row.redcap_repeat_instance).trim();
  if (instance !== '' && instance !== 'new' && !/^\d+$/.test(instance)) {
    add(
      'redcap_repeat_instance',
      instance,
      `The record name (${record}) has an invalid value for 'redcap_repeat_instance'. The value must either be a positive integer or the value 'new'. Value provided: ${instance}`,
    );
    return;
  }
  const repeatingEvent = design.repeatingEvents.has(event);
  if (repeatingEvent && instrumentGiven === '' && instance === '') {
    add(
      'redcap_repeat_instance',
      '',
      `The record name (${record}) with event "${event}" cannot be imported. This is because this event is a repeating event, but the field 'redcap_repeat_instance' could not be found in the data import fields.`,
    );
    return;
  }
  if (!repeatingEvent && instrumentGiven === '' && instance !== '') {
    add(
      'redcap_repeat_instance',
      instance,
      `The record name (${record}) with redcap_repeat_instance "${instance}" cannot be imported. This is because the field 'redcap_repeat_instrument' could not be found in the data import fields or because it has a blank value.`,
    );
    return;
  }
  const repeatingHere = design.repeatingForms.get(event);
  const instrument = instrumentGiven !== '' && repeatingHere?.has(instrumentGiven) ? instrumentGiven : '';
  if (!design.hasRepeating) {
    // REDCap's key of a row: record, event, instrument and instance; record names match case-insensitively.
    const key = `${record.toLowerCase()}-${event}--`;
    if (keys.has(key)) {
      add(pk, record, `The records listed below occur more than once. Please remove any duplicates and try again: ${record}-${event}--`);
    }
    keys.add(key);
  }

  if (instrumentGiven !== '' && instrument === '' && !repeatingEvent) {
    add(
      'redcap_repeat_instance',
      instance,
      'redcap_repeat_instance cannot have a value since this instrument or event is not a repeating instrument or repeating event, respectively.  The redcap_repeat_instance field must be left blank for this row of data.',
    );
  } else if ((instrument !== '' || repeatingEvent) && instance === '0') {
    add(
      'redcap_repeat_instance',
      '0',
      "Values being imported into a repeating instrument/event cannot have the 'redcap_repeat_instance' field with a value of '0'.",
    );
  }

  const designated = design.designated.get(event);
  for (const name of Object.keys(row)) {
    const column = columns.get(name);
    if (column?.kind !== 'data' || column.ignored) continue;
    const value = text(row[name]);
    if (value.trim() === '') continue;
    const { form } = column;
    if (project.longitudinal && !designated?.has(form)) {
      add(
        name,
        value,
        `This field ('${name}') exists on an instrument that is not designated for the event named '${design.eventLabels.get(event) ?? event}'. You are not allowed to import data for this field into this event.`,
      );
    } else if (instrument !== '' && form !== instrument) {
      add(
        name,
        value,
        `This field ('${name}') does not exist on the Repeating Instrument named '${instrument}'. You are not allowed to import data for this field into this Repeating Instrument.`,
      );
    } else if (instrument === '' && !repeatingEvent && repeatingHere?.has(form)) {
      add(
        name,
        value,
        "This field is located on a repeating instrument; however, no value has been provided for the field 'redcap_repeat_instrument'.",
      );
    } else {
      const refused = column.check?.(value);
      if (refused !== undefined) add(name, value, refused);
    }
  }
}
