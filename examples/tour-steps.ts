/**
 * The walkthrough of the library we replace (a Python class, "Redcapy"), step by
 * step, with this SDK. It discovers field, event and form names from the project,
 * so it runs against the simulator and against a real project alike.
 */
import { createRedcap, RedcapApiError, RedcapImportCheckError, type ClientOptions, type Redcap, type RecordRow } from '@redcap-sdk/core';

export interface TourOptions {
  /** Also run the steps that change data. */
  readonly write: boolean;
  /** Where each line of the story goes. */
  readonly log: (line: string) => void;
}

/** What the tour found out about the project before it starts. */
interface Layout {
  idField: string;
  events: string[];
  forms: string[];
  fileField?: { field: string; form: string };
  textField?: string;
}

async function discover(redcap: Redcap): Promise<Layout> {
  const [metadata, info] = await Promise.all([redcap.metadata.export(), redcap.project.exportInfo()]);
  const idField = metadata[0]!.field_name;
  const events = info.is_longitudinal ? (await redcap.events.export()).map((event) => event.unique_event_name) : [];
  const forms = [...new Set(metadata.map((field) => field.form_name))];
  const file = metadata.find((field) => field.field_type === 'file' && field.text_validation_type_or_show_slider_number !== 'signature');
  const text = metadata.find(
    (field) =>
      field.field_type === 'text' &&
      field.field_name !== idField &&
      field.text_validation_type_or_show_slider_number === '' &&
      field.form_name === forms[0],
  );
  return {
    idField,
    events,
    forms,
    ...(file ? { fileField: { field: file.field_name, form: file.form_name } } : {}),
    ...(text ? { textField: text.field_name } : {}),
  };
}

/** Runs the tour. Returns the number of steps that ran. */
export async function tour(options: ClientOptions, { write, log }: TourOptions): Promise<number> {
  let steps = 0;
  const step = (title: string): void => log(`\n${++steps}. ${title}`);

  step('Create two clients and print one (the token is masked)');
  const redcap = createRedcap(options);
  const patient = createRedcap({ ...options, retry: { limit: 5, delay: 2000 }, timeout: 600_000 });
  log(`   ${redcap}`);
  log(`   a second client with its own retry and timeout settings: ${patient.url}`);

  const layout = await discover(redcap);
  const { idField, events } = layout;
  const firstEvent = events[0];
  const inEvent: Record<string, string> = firstEvent ? { redcap_event_name: firstEvent } : {};
  log(`   REDCap ${await redcap.version()}, record id field "${idField}", ${events.length} events, forms: ${layout.forms.join(', ')}`);

  step('Export everything, with labels');
  const all = await redcap.records.export({ rawOrLabel: 'label' });
  const recordIds = [...new Set(all.map((row) => String(row[idField])))];
  log(`   ${all.length} rows for ${recordIds.length} records; first row: ${preview(all[0])}`);

  step('Export selected fields, selected records, one event, one form of one event');
  const someFields = await redcap.records.export({ fields: [idField, ...(layout.textField ? [layout.textField] : [])] });
  log(`   fields [${idField}${layout.textField ? `, ${layout.textField}` : ''}]: ${someFields.length} rows`);
  const someRecords = await redcap.records.export({ records: recordIds.slice(0, 2) });
  log(`   records ${recordIds.slice(0, 2).join(', ')}: ${someRecords.length} rows`);
  if (firstEvent) {
    log(`   event ${firstEvent}: ${(await redcap.records.export({ events: [firstEvent] })).length} rows`);
    const oneForm = await redcap.records.export({ fields: [idField], forms: [layout.forms[0]!], events: [firstEvent] });
    log(`   form ${layout.forms[0]} in ${firstEvent}: ${oneForm.length} rows, columns ${Object.keys(oneForm[0] ?? {}).join(', ')}`);
  }

  step('Export the data dictionary');
  const dictionary = await redcap.metadata.export();
  log(
    `   ${dictionary.length} fields: ${dictionary
      .slice(0, 6)
      .map((field) => `${field.field_name} (${field.field_type})`)
      .join(', ')}, ...`,
  );

  step('Export with custom retry limits (limit 5, 2 s backoff base) and a per-call override');
  log(`   ${(await patient.records.export({ fields: [idField] }, { retry: { limit: 1, delay: 500 } })).length} rows`);

  step('Get a survey link');
  log(`   ${await firstSurveyLink(redcap, layout, recordIds[0]!)}`);

  if (!write) {
    log('\n(read-only: pass --write to run the steps that change data)');
    return steps;
  }

  step('Import records one at a time, from objects and from CSV text, counting successes');
  const base = Number(await redcap.records.generateNextName());
  const newIds = [String(base), String(base + 1), String(base + 2)];
  let imported = 0;
  for (const row of [
    { [idField]: newIds[0]!, ...inEvent },
    `${idField}${firstEvent ? ',redcap_event_name' : ''}\n${newIds[1]}${firstEvent ? `,${firstEvent}` : ''}`,
  ]) {
    imported += await redcap.records.import(typeof row === 'string' ? row : [row]);
  }
  const bad = [{ [idField]: newIds[2]!, ...inEvent, not_a_field: 'x' }];
  try {
    imported += await redcap.records.import(bad);
  } catch (error) {
    if (!(error instanceof RedcapApiError)) throw error;
    log(`   one import refused, as expected: ${error.redcapMessage}`);
  }
  log(`   ${imported} of 3 imports succeeded`);

  step('Bulk import and check the count');
  const bulk = Array.from({ length: 10 }, (_, i): RecordRow => ({ [idField]: String(base + 10 + i), ...inEvent }));
  const count = await redcap.records.import(bulk);
  log(`   imported ${count} records (expected ${bulk.length})`);

  if (layout.textField) {
    step(`Blank a field with overwriteBehavior: 'overwrite'`);
    const row = { [idField]: newIds[0]!, ...inEvent };
    await redcap.records.import([{ ...row, [layout.textField]: 'to be blanked' }]);
    await redcap.records.import([{ ...row, [layout.textField]: '' }], { overwriteBehavior: 'overwrite' });
    const [after] = await redcap.records.export({
      records: [newIds[0]!],
      fields: [idField, layout.textField],
      ...(firstEvent ? { events: [firstEvent] } : {}),
    });
    log(`   ${layout.textField} is now ${JSON.stringify(after?.[layout.textField])}`);
  }

  if (layout.fileField) {
    step('Import a file into a repeating instance, then delete it');
    const event = await eventOfForm(redcap, layout.fileField.form, layout);
    const target = { record: newIds[0]!, field: layout.fileField.field, repeatInstance: 2, ...(event ? { event } : {}) };
    await redcap.files.import({ ...target, file: new File(['%PDF-1.4 signed consent'], 'consent.pdf', { type: 'application/pdf' }) });
    const file = await redcap.files.export(target);
    log(`   uploaded and downloaded ${file.name} (${file.size} bytes) in instance 2 of ${target.event ?? 'the record'}`);
    await redcap.files.delete(target);
    log('   deleted it');
  }

  step("Delete one form of a record (the seed's delete_form), then whole records");
  if (firstEvent) {
    log(
      `   deleted form ${layout.forms[0]} of record ${newIds[0]}: ${await redcap.records.delete({ records: [newIds[0]!], instrument: layout.forms[0]!, event: firstEvent })}`,
    );
  }
  const deleted = await redcap.records.delete({ records: [...newIds.slice(0, 2), ...bulk.map((row) => String(row[idField]))] });
  log(`   deleted ${deleted} records`);

  step('Load the project once: typed values out, every problem of an import found before anything is sent');
  const project = await redcap.project.load();
  log(`   ${project.metadata.length} fields on ${project.instruments.length} forms, record id ${project.recordIdField}`);
  const [typed] = await redcap.records.export({ records: recordIds.slice(0, 1), cast: true });
  const sample = Object.entries(typed ?? {}).find(
    ([, value]) => typeof value === 'number' || typeof value === 'boolean' || Array.isArray(value),
  );
  if (sample)
    log(
      `   record ${recordIds[0]}: ${sample[0]} = ${JSON.stringify(sample[1])} (${Array.isArray(sample[1]) ? 'checked codes' : typeof sample[1]})`,
    );
  try {
    await redcap.records.import(
      [
        { [idField]: newIds[2]!, ...inEvent, not_a_field: 'x' },
        { [idField]: `${newIds[2]!}-b`, ...inEvent, not_a_field_either: 'y' },
        // validate: true (the default once loaded, said here): rows with unknown fields never leave, read-only tours included.
      ],
      { validate: true },
    );
  } catch (error) {
    if (!(error instanceof RedcapImportCheckError)) throw error;
    log(`   refused before sending, ${error.details.length} problems at once:`);
    for (const problem of error.details) log(`     row ${problem.row + 1}, ${problem.field}: ${problem.message}`);
  }
  return steps;
}

async function eventOfForm(redcap: Redcap, form: string, layout: Layout): Promise<string | undefined> {
  const { events, idField } = layout;
  if (events.length === 0) return undefined;
  const rows = await redcap.records.export({ forms: [form], fields: [idField] });
  return String(
    rows.find((row) => row.redcap_repeat_instrument === form)?.redcap_event_name ??
      events.find((event) => event.startsWith('visit')) ??
      events[0],
  );
}

async function firstSurveyLink(redcap: Redcap, layout: Layout, record: string): Promise<string> {
  for (const instrument of layout.forms) {
    for (const event of layout.events.length ? layout.events : [undefined]) {
      try {
        return `${instrument}${event ? ` in ${event}` : ''}: ${await redcap.surveys.exportLink({ record, instrument, ...(event ? { event } : {}) })}`;
      } catch (error) {
        if (!(error instanceof RedcapApiError)) throw error;
      }
    }
  }
  return 'no survey-enabled instrument in this project';
}

function preview(row: RecordRow | undefined): string {
  if (!row) return '(none)';
  const entries = Object.entries(row)
    .filter(([, value]) => value !== '')
    .slice(0, 6);
  return `{ ${entries.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ')} ... }`;
}
