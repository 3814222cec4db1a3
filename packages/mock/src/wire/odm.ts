import { choicesOf, checkboxCode, isRepeatingEvent, isRepeatingForm } from '../state/design.ts';
import { getCell, sortedRecords } from '../state/records.ts';
import type { Choice } from '../state/design.ts';
import { uniqueGroupName } from '../handlers/dag.ts';
import type {
  EventDef,
  FileInput,
  FieldDef,
  FieldInput,
  FormDef,
  FormInput,
  ProjectFixture,
  ProjectInfoKey,
  ProjectState,
  RecordRow,
  RecordState,
} from '../types.ts';
import { childNamed, childrenNamed, descendantsNamed, parseXml } from './xml-read.ts';
import type { XmlNode } from './xml-read.ts';

/** What Export Project XML puts in the document (§2.15). */
export interface ProjectXmlOptions {
  readonly version: string;
  readonly now: Date;
  readonly metadataOnly: boolean;
  /** Records export in `format=odm`: the ClinicalData without the Study (§3.14). */
  readonly clinicalOnly?: boolean;
  /** Lower-cased record names to include; all when absent. */
  readonly records?: ReadonlySet<string>;
  /** Fields whose data to include (the record id always is); all when absent. */
  readonly fields?: ReadonlySet<string>;
  /** Unique event names whose data to include; all when absent. */
  readonly events?: ReadonlySet<string>;
  /** Whether a record is included (filterLogic). */
  readonly recordFilter?: (record: RecordState) => boolean;
  /** Unique DAG name of the token's user: only that DAG's records. */
  readonly userDag: string;
  readonly surveyFields: boolean;
  readonly dags: boolean;
  readonly files: boolean;
}

const STATUS_CHOICES: Choice[] = [
  { code: '0', label: 'Incomplete' },
  { code: '1', label: 'Unverified' },
  { code: '2', label: 'Complete' },
];

/** Field types as REDCap stores them (`redcap:FieldType`). */
const INTERNAL_TYPES: Readonly<Record<string, string>> = { notes: 'textarea', dropdown: 'select' };
const EXTERNAL_TYPES: Readonly<Record<string, string>> = { textarea: 'notes', select: 'dropdown' };

/** The column each `redcap:` attribute of an ItemDef carries. */
const FIELD_ATTRIBUTES: readonly (readonly [string, keyof FieldDef])[] = [
  ['redcap:TextValidationType', 'text_validation_type_or_show_slider_number'],
  ['redcap:FieldNote', 'field_note'],
  ['redcap:SectionHeader', 'section_header'],
  ['redcap:CustomAlignment', 'custom_alignment'],
  ['redcap:Identifier', 'identifier'],
  ['redcap:RequiredField', 'required_field'],
  ['redcap:BranchingLogic', 'branching_logic'],
  ['redcap:MatrixGroupName', 'matrix_group_name'],
  ['redcap:MatrixRanking', 'matrix_ranking'],
  ['redcap:QuestionNumber', 'question_number'],
  ['redcap:FieldAnnotation', 'field_annotation'],
];

/** Escapes text for an XML attribute value (newlines kept as character references). */
function attr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

/** Escapes element text. */
function text(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function oidSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, '').slice(0, 50) || 'Project';
}

function isoLocal(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function dataType(field: FieldDef): string {
  const validation = field.text_validation_type_or_show_slider_number;
  switch (field.field_type) {
    case 'checkbox':
    case 'yesno':
    case 'truefalse':
      return 'boolean';
    case 'calc':
      return 'float';
    case 'slider':
      return 'integer';
    case 'text':
      if (validation === 'integer') return 'integer';
      if (validation.startsWith('number')) return 'float';
      if (validation.startsWith('date_')) return 'date';
      if (validation.startsWith('datetime_seconds')) return 'datetime';
      if (validation.startsWith('datetime_')) return 'partialDatetime';
      if (validation === 'time') return 'partialTime';
      return 'text';
    default:
      return 'text';
  }
}

/** The groups of a form's fields: a new group at the first field and at each section header. */
function itemGroups(state: ProjectState, form: FormDef): { oid: string; name: string; fields: FieldDef[] }[] {
  const groups: { oid: string; name: string; fields: FieldDef[] }[] = [];
  for (const field of state.fields) {
    if (field.form_name !== form.name) continue;
    const last = groups.at(-1);
    if (!last || field.section_header !== '') groups.push({ oid: `${form.name}.${field.field_name}`, name: form.label, fields: [field] });
    else last.fields.push(field);
  }
  return groups;
}

function codeListItems(choices: readonly Choice[]): string {
  return choices
    .map(
      (choice) =>
        `\t\t<CodeListItem CodedValue="${attr(choice.code)}"><Decode><TranslatedText>${text(choice.label)}</TranslatedText></Decode></CodeListItem>\n`,
    )
    .join('');
}

function itemDef(field: FieldDef, oid: string, choicesRef: string | undefined): string {
  const internal = INTERNAL_TYPES[field.field_type] ?? field.field_type;
  let out = `\t<ItemDef OID="${attr(oid)}" Name="${attr(oid)}" DataType="${dataType(field)}" Length="${choicesRef ? 1 : 999}" redcap:Variable="${attr(field.field_name)}" redcap:FieldType="${internal}"`;
  for (const [name, column] of FIELD_ATTRIBUTES) if (field[column] !== '') out += ` ${name}="${attr(field[column])}"`;
  const choices = field.select_choices_or_calculations;
  if (choices !== '' && !['dropdown', 'radio', 'checkbox'].includes(field.field_type)) {
    out += ` ${field.field_type === 'calc' ? 'redcap:Calculation' : 'redcap:ChoicesOrCalculations'}="${attr(choices)}"`;
  }
  out += `>\n\t\t<Question><TranslatedText>${text(field.field_label)}</TranslatedText></Question>\n`;
  if (choicesRef) out += `\t\t<CodeListRef CodeListOID="${attr(choicesRef)}"/>\n`;
  for (const [comparator, value] of [
    ['GE', field.text_validation_min],
    ['LE', field.text_validation_max],
  ] as const) {
    if (value === '') continue;
    out += `\t\t<RangeCheck Comparator="${comparator}" SoftHard="Soft"><CheckValue>${text(value)}</CheckValue><ErrorMessage><TranslatedText>The value you provided is outside the suggested range (${text(field.text_validation_min)} - ${text(field.text_validation_max)}). This value is admissible, but you may wish to verify.</TranslatedText></ErrorMessage></RangeCheck>\n`;
  }
  return `${out}\t</ItemDef>\n`;
}

/** The `MetaDataVersion` (and study-level settings) of a project as REDCap writes them. */
function metadataXml(state: ProjectState, oid: string, metadataOid: string, options: ProjectXmlOptions): string {
  const info = state.info;
  const title = String(info.project_title);
  let out = `<Study OID="Project.${oid}">\n<GlobalVariables>\n`;
  out += `\t<StudyName>${text(title)}</StudyName>\n`;
  out += `\t<StudyDescription>This file contains the metadata, events, and data for REDCap project "${text(title)}".</StudyDescription>\n`;
  out += `\t<ProtocolName>${text(title)}</ProtocolName>\n`;
  const settings: readonly (readonly [string, ProjectInfoKey])[] = [
    ['RecordAutonumberingEnabled', 'record_autonumbering_enabled'],
    ['CustomRecordLabel', 'custom_record_label'],
    ['SecondaryUniqueField', 'secondary_unique_field'],
    ['SchedulingEnabled', 'scheduling_enabled'],
    ['SurveysEnabled', 'surveys_enabled'],
    ['DisplayTodayNowButton', 'display_today_now_button'],
    ['PreventBranchingEraseValues', 'bypass_branching_erase_field_prompt'],
    ['Purpose', 'purpose'],
    ['PurposeOther', 'purpose_other'],
    ['ProjectNotes', 'project_notes'],
    ['MissingDataCodes', 'missing_data_codes'],
    ['ProjectLanguage', 'project_language'],
    ['ProjectIrbNumber', 'project_irb_number'],
    ['ProjectGrantNumber', 'project_grant_number'],
    ['ProjectPiFirstname', 'project_pi_firstname'],
    ['ProjectPiLastname', 'project_pi_lastname'],
  ];
  for (const [element, key] of settings) out += `\t<redcap:${element}>${text(String(info[key] ?? ''))}</redcap:${element}>\n`;
  const repeatingForms: string[] = [];
  for (const event of state.events) {
    for (const form of state.forms) {
      const label = state.repeatingForms.get(event.uniqueName)?.get(form.name);
      if (label !== undefined) {
        repeatingForms.push(
          `\t\t\t<redcap:RepeatingInstrument redcap:UniqueEventName="${attr(event.uniqueName)}" redcap:RepeatInstrument="${attr(form.name)}" redcap:CustomLabel="${attr(label)}"/>\n`,
        );
      }
    }
  }
  const repeatingEvents = state.events
    .filter((event) => state.repeatingEvents.has(event.uniqueName))
    .map((event) => `\t\t<redcap:RepeatingEvent redcap:UniqueEventName="${attr(event.uniqueName)}"/>\n`);
  if (repeatingForms.length > 0 || repeatingEvents.length > 0) {
    out += '\t<redcap:RepeatingInstrumentsAndEvents>\n';
    if (repeatingForms.length > 0)
      out += `\t\t<redcap:RepeatingInstruments>\n${repeatingForms.join('')}\t\t</redcap:RepeatingInstruments>\n`;
    out += repeatingEvents.join('');
    out += '\t</redcap:RepeatingInstrumentsAndEvents>\n';
  }
  if (options.dags && state.dags.length > 0) {
    out += '\t<redcap:DataAccessGroupsGroup>\n';
    for (const dag of state.dags) out += `\t\t<redcap:DataAccessGroups group_name="${attr(dag.name)}"/>\n`;
    out += '\t</redcap:DataAccessGroupsGroup>\n';
  }
  const surveys = state.forms.filter((form) => form.survey);
  if (surveys.length > 0) {
    out += '\t<redcap:SurveysGroup>\n';
    for (const form of surveys)
      out += `\t\t<redcap:Surveys form_name="${attr(form.name)}" title="${attr(form.label)}" survey_enabled="1" save_and_return="${state.surveys.saveAndReturn.has(form.name) ? 1 : 0}"/>\n`;
    out += '\t</redcap:SurveysGroup>\n';
    if (state.surveys.queue) {
      out += '\t<redcap:SurveysQueueGroup>\n';
      for (const form of surveys)
        out += `\t\t<redcap:SurveysQueue survey_id="${attr(form.name)}" active="1" auto_start="0" condition_andor="AND" condition_logic=""/>\n`;
      out += '\t</redcap:SurveysQueueGroup>\n';
    }
  }
  if (state.roles.length > 0) {
    out += '\t<redcap:UserRolesGroup>\n';
    const column = Object.fromEntries(Object.entries(ROLE_COLUMNS).map(([db, api]) => [api, db]));
    for (const role of state.roles) {
      let row = `\t\t<redcap:UserRoles role_name="${attr(role.label)}" unique_role_name="${attr(role.uniqueName)}"`;
      for (const [name, value] of Object.entries(role.rights)) row += ` ${column[name] ?? name}="${value}"`;
      const list = (rights: Record<string, number>): string =>
        Object.entries(rights)
          .map(([form, value]) => `[${form},${value}]`)
          .join('');
      out += `${row} data_entry="${attr(list(role.forms))}" data_export_instruments="${attr(list(role.formsExport))}"/>\n`;
    }
    out += '\t</redcap:UserRolesGroup>\n';
  }
  out += '</GlobalVariables>\n';
  out += `<MetaDataVersion OID="${attr(metadataOid)}" Name="${attr(title)}" redcap:RecordIdField="${attr(state.recordIdField)}">\n`;
  if (state.longitudinal) {
    out += '\t<Protocol>\n';
    state.events.forEach((event, index) => {
      out += `\t\t<StudyEventRef StudyEventOID="Event.${attr(event.uniqueName)}" OrderNumber="${index + 1}" Mandatory="No"/>\n`;
    });
    out += '\t</Protocol>\n';
    for (const event of state.events) {
      const arm = state.arms.find((candidate) => candidate.num === event.armNum);
      out += `\t<StudyEventDef OID="Event.${attr(event.uniqueName)}" Name="${attr(event.name)}" Type="Common" Repeating="${state.repeatingEvents.has(event.uniqueName) ? 'Yes' : 'No'}" redcap:EventName="${attr(event.name)}" redcap:CustomEventLabel="${attr(event.customLabel)}" redcap:UniqueEventName="${attr(event.uniqueName)}" redcap:ArmNum="${event.armNum}" redcap:ArmName="${attr(arm?.name ?? '')}" redcap:DayOffset="${event.dayOffset}" redcap:OffsetMin="${event.offsetMin}" redcap:OffsetMax="${event.offsetMax}">\n`;
      let order = 1;
      for (const form of state.forms) {
        if (state.formEvents.get(event.uniqueName)?.has(form.name)) {
          out += `\t\t<FormRef FormOID="Form.${attr(form.name)}" OrderNumber="${order++}" Mandatory="No" redcap:FormName="${attr(form.name)}"/>\n`;
        }
      }
      out += '\t</StudyEventDef>\n';
    }
  }
  const repeatsAnywhere = (form: string): boolean => state.events.some((event) => isRepeatingForm(state, event.uniqueName, form));
  for (const form of state.forms) {
    out += `\t<FormDef OID="Form.${attr(form.name)}" Name="${attr(form.label)}" Repeating="${repeatsAnywhere(form.name) ? 'Yes' : 'No'}" redcap:FormName="${attr(form.name)}">\n`;
    for (const group of itemGroups(state, form)) out += `\t\t<ItemGroupRef ItemGroupOID="${attr(group.oid)}" Mandatory="No"/>\n`;
    out += `\t\t<ItemGroupRef ItemGroupOID="${attr(`${form.name}.${form.name}_complete`)}" Mandatory="No"/>\n\t</FormDef>\n`;
  }
  for (const form of state.forms) {
    for (const group of itemGroups(state, form)) {
      out += `\t<ItemGroupDef OID="${attr(group.oid)}" Name="${attr(group.name)}" Repeating="No">\n`;
      for (const field of group.fields) {
        const oids =
          field.field_type === 'checkbox'
            ? choicesOf(field).map((choice) => `${field.field_name}___${checkboxCode(choice.code)}`)
            : [field.field_name];
        for (const item of oids)
          out += `\t\t<ItemRef ItemOID="${attr(item)}" Mandatory="${field.required_field === 'y' ? 'Yes' : 'No'}" redcap:Variable="${attr(field.field_name)}"/>\n`;
      }
      out += '\t</ItemGroupDef>\n';
    }
    const status = `${form.name}_complete`;
    out += `\t<ItemGroupDef OID="${attr(`${form.name}.${status}`)}" Name="Form Status" Repeating="No">\n\t\t<ItemRef ItemOID="${attr(status)}" Mandatory="No" redcap:Variable="${attr(status)}"/>\n\t</ItemGroupDef>\n`;
  }
  const codeLists: string[] = [];
  for (const form of state.forms) {
    for (const field of state.fields) {
      if (field.form_name !== form.name) continue;
      if (field.field_type === 'checkbox') {
        for (const choice of choicesOf(field)) {
          const oid = `${field.field_name}___${checkboxCode(choice.code)}`;
          out += itemDef({ ...field, field_label: `${field.field_label} (choice=${choice.label})` }, oid, `${oid}.choices`);
          codeLists.push(
            `\t<CodeList OID="${attr(oid)}.choices" Name="${attr(oid)}" DataType="boolean" redcap:Variable="${attr(field.field_name)}" redcap:CheckboxChoices="${attr(field.select_choices_or_calculations)}" redcap:FieldLabel="${attr(field.field_label)}">\n` +
              `${codeListItems([
                { code: '1', label: 'Checked' },
                { code: '0', label: 'Unchecked' },
              ])}\t</CodeList>\n`,
          );
        }
      } else if (['dropdown', 'radio', 'yesno', 'truefalse'].includes(field.field_type)) {
        const choices = choicesOf(field);
        out += itemDef(field, field.field_name, `${field.field_name}.choices`);
        const type = choices.every((choice) => /^-?\d+$/.test(choice.code)) ? 'integer' : 'text';
        codeLists.push(
          `\t<CodeList OID="${attr(field.field_name)}.choices" Name="${attr(field.field_name)}" DataType="${type}" redcap:Variable="${attr(field.field_name)}">\n${codeListItems(choices)}\t</CodeList>\n`,
        );
      } else {
        out += itemDef(field, field.field_name, undefined);
      }
    }
    const status = `${form.name}_complete`;
    out += `\t<ItemDef OID="${attr(status)}" Name="${attr(status)}" DataType="text" Length="1" redcap:Variable="${attr(status)}" redcap:FieldType="select" redcap:SectionHeader="Form Status">\n\t\t<Question><TranslatedText>Complete?</TranslatedText></Question>\n\t\t<CodeListRef CodeListOID="${attr(status)}.choices"/>\n\t</ItemDef>\n`;
    codeLists.push(
      `\t<CodeList OID="${attr(status)}.choices" Name="${attr(status)}" DataType="text" redcap:Variable="${attr(status)}">\n${codeListItems(STATUS_CHOICES)}\t</CodeList>\n`,
    );
  }
  out += codeLists.join('');
  return `${out}</MetaDataVersion>\n</Study>\n`;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The `ClinicalData` of the records, events and fields the options select. */
function clinicalXml(state: ProjectState, oid: string, metadataOid: string, options: ProjectXmlOptions): string {
  let out = `<ClinicalData StudyOID="Project.${oid}" MetaDataVersionOID="${attr(metadataOid)}">\n`;
  const wantsField = (name: string): boolean => !options.fields || options.fields.has(name) || name === state.recordIdField;
  for (const record of sortedRecords(state)) {
    if (options.records && !options.records.has(record.name.toLowerCase())) continue;
    if (options.userDag !== '' && record.dag !== options.userDag) continue;
    if (options.recordFilter && !options.recordFilter(record)) continue;
    let subject = '';
    for (const event of state.events) {
      if (options.events && !options.events.has(event.uniqueName)) continue;
      const cells = [...record.cells.values()].filter((cell) => cell.event === event.uniqueName);
      if (cells.length === 0) continue;
      const eventInstances = isRepeatingEvent(state, event.uniqueName)
        ? cells
            .filter((cell) => cell.instrument === '')
            .map((cell) => cell.instance)
            .sort((a, b) => a - b)
        : [1];
      for (const eventInstance of eventInstances) {
        let forms = '';
        for (const form of state.forms) {
          if (!state.formEvents.get(event.uniqueName)?.has(form.name)) continue;
          const repeating = isRepeatingForm(state, event.uniqueName, form.name);
          const instances = repeating
            ? cells
                .filter((cell) => cell.instrument === form.name)
                .map((cell) => cell.instance)
                .sort((a, b) => a - b)
            : [eventInstance];
          for (const instance of instances) {
            const cell = getCell(record, event.uniqueName, repeating ? form.name : '', instance);
            if (!cell) continue;
            const status = `${form.name}_complete`;
            let groups = '';
            for (const group of itemGroups(state, form)) {
              let items = '';
              for (const field of group.fields) {
                if (!wantsField(field.field_name) || field.field_type === 'descriptive') continue;
                if (field.field_name === state.recordIdField) {
                  items += `\t\t\t\t\t<ItemData ItemOID="${attr(field.field_name)}" Value="${attr(record.name)}"/>\n`;
                  if (options.dags && record.dag !== '')
                    items += `\t\t\t\t\t<ItemData ItemOID="redcap_data_access_group" Value="${attr(record.dag)}"/>\n`;
                  continue;
                }
                const value = cell.values.get(field.field_name);
                if (value === undefined) continue;
                if (value instanceof Set) {
                  for (const choice of choicesOf(field)) {
                    items += `\t\t\t\t\t<ItemData ItemOID="${attr(`${field.field_name}___${checkboxCode(choice.code)}`)}" Value="${value.has(choice.code) ? 1 : 0}"/>\n`;
                  }
                } else if (field.field_type === 'file') {
                  const file = state.files.get(Number(value));
                  if (file && !file.deleted && options.files) {
                    items += `\t\t\t\t\t<ItemDataBase64Binary ItemOID="${attr(field.field_name)}" redcap:DocName="${attr(file.name)}" redcap:MimeType="${attr(file.type)}">${base64(file.bytes)}</ItemDataBase64Binary>\n`;
                  }
                } else if (value !== '') {
                  items += `\t\t\t\t\t<ItemData ItemOID="${attr(field.field_name)}" Value="${attr(value)}"/>\n`;
                }
              }
              if (items !== '')
                groups += `\t\t\t\t<ItemGroupData ItemGroupOID="${attr(group.oid)}" ItemGroupRepeatKey="1">\n${items}\t\t\t\t</ItemGroupData>\n`;
            }
            const statusValue = cell.values.get(status);
            if (typeof statusValue === 'string' && (!options.fields || options.fields.has(status))) {
              groups += `\t\t\t\t<ItemGroupData ItemGroupOID="${attr(`${form.name}.${status}`)}" ItemGroupRepeatKey="1">\n\t\t\t\t\t<ItemData ItemOID="${attr(status)}" Value="${attr(statusValue)}"/>\n\t\t\t\t</ItemGroupData>\n`;
            }
            if (groups === '') continue;
            const timestamp = cell.values.get(`${form.name}_timestamp`);
            const survey =
              options.surveyFields && typeof timestamp === 'string' && timestamp !== ''
                ? ` redcap:SurveyTimestamp="${attr(timestamp)}"`
                : '';
            forms += `\t\t\t<FormData FormOID="Form.${attr(form.name)}" FormRepeatKey="${instance}"${survey}>\n${groups}\t\t\t</FormData>\n`;
          }
        }
        if (forms !== '' && !state.longitudinal) subject += forms;
        else if (forms !== '') {
          subject += `\t\t<StudyEventData StudyEventOID="Event.${attr(event.uniqueName)}" StudyEventRepeatKey="${eventInstance}" redcap:UniqueEventName="${attr(event.uniqueName)}">\n${forms}\t\t</StudyEventData>\n`;
        }
      }
    }
    if (subject === '') continue;
    const dag = options.dags && record.dag !== '' ? ` redcap:DataAccessGroup="${attr(record.dag)}"` : '';
    out += `\t<SubjectData SubjectKey="${attr(record.name)}" redcap:RecordIdField="${attr(state.recordIdField)}"${dag}>\n${subject}\t</SubjectData>\n`;
  }
  return `${out}</ClinicalData>\n`;
}

/** The REDCap project XML (CDISC ODM 1.3.1) of a project: metadata, and data unless `metadataOnly`. */
export function buildProjectXml(state: ProjectState, options: ProjectXmlOptions): string {
  const title = String(state.info.project_title);
  const oid = oidSafe(title);
  const stamp = isoLocal(options.now);
  const metadataOid = `Metadata.${oid}_${stamp.slice(0, 10)}_${stamp.slice(11, 13)}${stamp.slice(14, 16)}`;
  let out = '<?xml version="1.0" encoding="UTF-8" ?>\n';
  out += `<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:redcap="https://projectredcap.org" xsi:schemaLocation="http://www.cdisc.org/ns/odm/v1.3 schema/odm/ODM1-3-1.xsd" ODMVersion="1.3.1" FileOID="000-00-0000" FileType="Snapshot" Description="${attr(title)}" AsOfDateTime="${stamp}" CreationDateTime="${stamp}" SourceSystem="REDCap" SourceSystemVersion="${attr(options.version)}">\n`;
  if (!options.clinicalOnly) out += metadataXml(state, oid, metadataOid, options);
  if (!options.metadataOnly) out += clinicalXml(state, oid, metadataOid, options);
  return `${out}</ODM>`;
}

/** What a project XML holds, as fixture parts (Create Project with `odm`). */
export type OdmProject = Pick<
  ProjectFixture,
  'forms' | 'fields' | 'arms' | 'events' | 'formEventMapping' | 'repeating' | 'dags' | 'records' | 'files' | 'roles' | 'surveys'
> & {
  readonly info: Partial<Record<ProjectInfoKey, string>>;
};

/** Thrown by {@link readProjectXml} for a document that is not a REDCap project XML. */
export class OdmError extends Error {
  override name = 'OdmError' as const;
}

const INFO_ELEMENTS: Readonly<Record<string, ProjectInfoKey>> = {
  RecordAutonumberingEnabled: 'record_autonumbering_enabled',
  CustomRecordLabel: 'custom_record_label',
  SecondaryUniqueField: 'secondary_unique_field',
  SchedulingEnabled: 'scheduling_enabled',
  SurveysEnabled: 'surveys_enabled',
  DisplayTodayNowButton: 'display_today_now_button',
  PreventBranchingEraseValues: 'bypass_branching_erase_field_prompt',
  Purpose: 'purpose',
  PurposeOther: 'purpose_other',
  ProjectNotes: 'project_notes',
  MissingDataCodes: 'missing_data_codes',
  ProjectLanguage: 'project_language',
  ProjectIrbNumber: 'project_irb_number',
  ProjectGrantNumber: 'project_grant_number',
  ProjectPiFirstname: 'project_pi_firstname',
  ProjectPiLastname: 'project_pi_lastname',
};

const get = (node: XmlNode, name: string): string => node.attributes.get(name) ?? '';
/** A table-row attribute: REDCap writes these unprefixed (`group_name`); older files prefix them. */
const col = (node: XmlNode, name: string): string => node.attributes.get(name) ?? node.attributes.get(`redcap:${name}`) ?? '';

/** Columns REDCap puts in ItemGroupDef/ItemData that are not fields of the project (ODM::getOdmItemGroups). */
const PSEUDO_FIELDS: ReadonlySet<string> = new Set([
  'redcap_data_access_group',
  'redcap_survey_identifier',
  'redcap_event_name',
  'redcap_repeat_instrument',
  'redcap_repeat_instance',
]);

/** Role table columns (redcap_user_roles) whose API right name differs. */
const ROLE_COLUMNS: Readonly<Record<string, string>> = {
  graphical: 'stats_and_charts',
  data_logging: 'logging',
  participants: 'manage_survey_participants',
  data_quality_design: 'data_quality_create',
  lock_record: 'lock_records',
  lock_record_multiform: 'lock_records_all_forms',
  lock_record_customize: 'lock_records_customization',
};

/** `[form,1][form2,2]` as a map. */
function formRights(value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const match of value.matchAll(/\[([^,\]]+),(\d+)\]/g)) out[match[1] as string] = Number(match[2]);
  return out;
}

function base64Bytes(value: string): Uint8Array {
  const binary = atob(value.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Reads a REDCap project XML back into a design and data (`eventId` numbers the events). */
export function readProjectXml(xml: string, firstEventId: number): OdmProject {
  let root: XmlNode;
  try {
    root = parseXml(xml);
  } catch {
    throw new OdmError('not well-formed');
  }
  const study = root.name === 'ODM' ? childNamed(root, 'Study') : undefined;
  const metadata = study ? childNamed(study, 'MetaDataVersion') : undefined;
  if (!study || !metadata) throw new OdmError('no Study/MetaDataVersion');
  const globals = childNamed(study, 'GlobalVariables');
  const info: Partial<Record<ProjectInfoKey, string>> = {};
  for (const child of globals?.children ?? []) {
    const key = child.name === 'StudyName' ? 'project_title' : INFO_ELEMENTS[child.name.replace(/^redcap:/, '')];
    if (key) info[key] = child.text.trim();
  }
  const itemDefs = new Map(childrenNamed(metadata, 'ItemDef').map((node) => [get(node, 'OID'), node]));
  const groupDefs = new Map(childrenNamed(metadata, 'ItemGroupDef').map((node) => [get(node, 'OID'), node]));
  const codeLists = new Map(childrenNamed(metadata, 'CodeList').map((node) => [get(node, 'OID'), node]));
  const surveyRows = descendantsNamed(globals ?? root, 'Surveys');
  const surveys = new Set(surveyRows.map((node) => col(node, 'form_name')));
  const formNames = new Set(
    childrenNamed(metadata, 'FormDef').map((node) => get(node, 'redcap:FormName') || get(node, 'OID').replace(/^Form\./, '')),
  );
  const isPseudo = (name: string): boolean =>
    PSEUDO_FIELDS.has(name) || (name.endsWith('_timestamp') && formNames.has(name.slice(0, -'_timestamp'.length)));
  const forms: FormInput[] = [];
  const fields: FieldInput[] = [];
  const seen = new Set<string>();
  for (const formDef of childrenNamed(metadata, 'FormDef')) {
    const form = get(formDef, 'redcap:FormName') || get(formDef, 'OID').replace(/^Form\./, '');
    forms.push({ name: form, label: get(formDef, 'Name') || form, survey: surveys.has(form) });
    for (const groupRef of childrenNamed(formDef, 'ItemGroupRef')) {
      const group = groupDefs.get(get(groupRef, 'ItemGroupOID'));
      for (const itemRef of group ? childrenNamed(group, 'ItemRef') : []) {
        const item = itemDefs.get(get(itemRef, 'ItemOID'));
        if (!item) continue;
        const variable = get(item, 'redcap:Variable') || get(item, 'Name');
        if (variable === `${form}_complete` || isPseudo(variable) || seen.has(variable)) continue;
        seen.add(variable);
        const internal = get(item, 'redcap:FieldType') || 'text';
        const type = EXTERNAL_TYPES[internal] ?? internal;
        const field: Record<string, string> = {
          field_name: variable,
          form_name: form,
          field_type: type,
          field_label: childNamed(childNamed(item, 'Question') ?? item, 'TranslatedText')?.text ?? '',
        };
        for (const [name, column] of FIELD_ATTRIBUTES) if (item.attributes.has(name)) field[column] = get(item, name);
        const list = codeLists.get(get(childNamed(item, 'CodeListRef') ?? item, 'CodeListOID'));
        if (type === 'checkbox') {
          field.select_choices_or_calculations = list ? get(list, 'redcap:CheckboxChoices') : '';
          field.field_label = (list && get(list, 'redcap:FieldLabel')) || (field.field_label ?? '').replace(/ \(choice=[^)]*\)$/, '');
        } else if (type === 'dropdown' || type === 'radio') {
          field.select_choices_or_calculations = (list ? childrenNamed(list, 'CodeListItem') : [])
            .map((entry) => `${get(entry, 'CodedValue')}, ${descendantsNamed(entry, 'TranslatedText')[0]?.text ?? ''}`)
            .join(' | ');
        } else {
          field.select_choices_or_calculations = get(item, 'redcap:Calculation') || get(item, 'redcap:ChoicesOrCalculations');
        }
        for (const check of childrenNamed(item, 'RangeCheck')) {
          const value = childNamed(check, 'CheckValue')?.text ?? '';
          if (get(check, 'Comparator') === 'GE') field.text_validation_min = value;
          if (get(check, 'Comparator') === 'LE') field.text_validation_max = value;
        }
        fields.push(field as unknown as FieldInput);
      }
    }
  }
  if (fields.length === 0) throw new OdmError('no fields');
  const arms = new Map<number, string>();
  const events: EventDef[] = [];
  const formEventMapping: { event: string; form: string }[] = [];
  let eventId = firstEventId;
  for (const def of childrenNamed(metadata, 'StudyEventDef')) {
    const uniqueName = get(def, 'redcap:UniqueEventName') || get(def, 'OID').replace(/^Event\./, '');
    const armNum = Number(get(def, 'redcap:ArmNum')) || 1;
    if (!arms.has(armNum)) arms.set(armNum, get(def, 'redcap:ArmName') || `Arm ${armNum}`);
    events.push({
      uniqueName,
      name: get(def, 'redcap:EventName') || get(def, 'Name'),
      armNum,
      id: eventId++,
      dayOffset: get(def, 'redcap:DayOffset') === '' ? events.length + 1 : Number(get(def, 'redcap:DayOffset')),
      offsetMin: Number(get(def, 'redcap:OffsetMin')) || 0,
      offsetMax: Number(get(def, 'redcap:OffsetMax')) || 0,
      customLabel: get(def, 'redcap:CustomEventLabel'),
    });
    for (const ref of childrenNamed(def, 'FormRef'))
      formEventMapping.push({ event: uniqueName, form: get(ref, 'redcap:FormName') || get(ref, 'FormOID').replace(/^Form\./, '') });
  }
  const longitudinal = events.length > 0;
  const repeating = [
    ...descendantsNamed(globals ?? root, 'RepeatingInstrument').map((node) => ({
      ...(longitudinal ? { event: get(node, 'redcap:UniqueEventName') } : {}),
      form: get(node, 'redcap:RepeatInstrument'),
      customLabel: get(node, 'redcap:CustomLabel'),
    })),
    ...(longitudinal
      ? descendantsNamed(globals ?? root, 'RepeatingEvent').map((node) => ({ event: get(node, 'redcap:UniqueEventName'), form: '' }))
      : []),
  ];
  const taken = new Set<string>();
  const dags = descendantsNamed(globals ?? root, 'DataAccessGroups').map((node, index) => {
    const name = col(node, 'group_name');
    const uniqueName = col(node, 'unique_group_name') || uniqueGroupName(name, taken);
    taken.add(uniqueName);
    return { id: index + 1, name, uniqueName };
  });
  const roles = descendantsNamed(globals ?? root, 'UserRoles').map((node, index) => {
    const rights: Record<string, number> = {};
    for (const [name, value] of node.attributes) {
      const key = name.replace(/^redcap:/, '');
      if (['role_name', 'unique_role_name', 'data_entry', 'data_export_instruments', 'project_id', 'role_id'].includes(key)) continue;
      if (/^\d+$/.test(value)) rights[ROLE_COLUMNS[key] ?? key] = Number(value);
    }
    const uniqueName = col(node, 'unique_role_name');
    return {
      id: index + 1,
      ...(uniqueName ? { uniqueName } : {}),
      label: col(node, 'role_name'),
      rights,
      forms: formRights(col(node, 'data_entry')),
      formsExport: formRights(col(node, 'data_export_instruments')),
    };
  });
  const surveySettings = {
    queue: descendantsNamed(globals ?? root, 'SurveysQueue').length > 0,
    saveAndReturn: surveyRows.filter((node) => col(node, 'save_and_return') === '1').map((node) => col(node, 'form_name')),
  };
  const files: FileInput[] = [];
  const recordIdField = get(metadata, 'redcap:RecordIdField') || (fields[0]?.field_name ?? 'record_id');
  const repeatingForms = new Set(
    repeating.filter((entry) => entry.form !== '').map((entry) => `${longitudinal && 'event' in entry ? entry.event : ''}|${entry.form}`),
  );
  const repeatingEvents = new Set(repeating.filter((entry) => entry.form === '').map((entry) => entry.event));
  const records: RecordRow[] = [];
  const clinical = childNamed(root, 'ClinicalData');
  for (const subject of clinical ? childrenNamed(clinical, 'SubjectData') : []) {
    const name = get(subject, 'SubjectKey');
    let dag = get(subject, 'redcap:DataAccessGroup');
    // Classic projects: FormData sit directly in SubjectData (no StudyEventData).
    const eventBlocks = longitudinal ? childrenNamed(subject, 'StudyEventData') : [subject];
    const subjectRows: Record<string, string>[] = [];
    for (const eventData of eventBlocks) {
      const event = longitudinal ? get(eventData, 'redcap:UniqueEventName') || get(eventData, 'StudyEventOID').replace(/^Event\./, '') : '';
      const formBlocks = longitudinal ? childrenNamed(eventData, 'FormData') : descendantsNamed(eventData, 'FormData');
      for (const formData of formBlocks) {
        const form = get(formData, 'FormOID').replace(/^Form\./, '');
        const row: Record<string, string> = { [recordIdField]: name };
        if (longitudinal) row.redcap_event_name = event;
        let instance = '1';
        if (repeatingForms.has(`${event}|${form}`)) {
          instance = get(formData, 'FormRepeatKey') || '1';
          row.redcap_repeat_instrument = form;
          row.redcap_repeat_instance = instance;
        } else if (longitudinal && repeatingEvents.has(event)) {
          instance = get(eventData, 'StudyEventRepeatKey') || '1';
          row.redcap_repeat_instrument = '';
          row.redcap_repeat_instance = instance;
        }
        for (const item of descendantsNamed(formData, 'ItemData')) {
          const oid = get(item, 'ItemOID');
          const value = get(item, 'Value');
          if (oid === 'redcap_data_access_group') {
            if (value !== '') dag = value;
          } else if (!PSEUDO_FIELDS.has(oid)) row[oid] = value;
        }
        for (const item of descendantsNamed(formData, 'ItemDataBase64Binary')) {
          const content = item.text.trim();
          if (content === '') continue;
          files.push({
            record: name,
            field: get(item, 'ItemOID'),
            ...(longitudinal ? { event } : {}),
            instance: Number(instance),
            name: get(item, 'redcap:DocName'),
            type: get(item, 'redcap:MimeType') || 'application/octet-stream',
            bytes: base64Bytes(content),
          });
        }
        const timestamp = get(formData, 'redcap:SurveyTimestamp');
        if (timestamp !== '') row[`${form}_timestamp`] = timestamp;
        subjectRows.push(row);
      }
    }
    for (const row of subjectRows) records.push(dag === '' ? row : { ...row, redcap_data_access_group: dag });
  }
  return {
    info,
    forms,
    fields,
    arms: [...arms].map(([num, name]) => ({ num, name })),
    events: events.map((event) => ({
      uniqueName: event.uniqueName,
      name: event.name,
      arm: event.armNum,
      id: event.id,
      dayOffset: event.dayOffset,
      offsetMin: event.offsetMin,
      offsetMax: event.offsetMax,
      customLabel: event.customLabel,
    })),
    formEventMapping,
    repeating,
    dags,
    records,
    files,
    roles,
    surveys: surveySettings,
  };
}
