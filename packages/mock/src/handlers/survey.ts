/** Survey access codes, participant lists, queue links and return codes (§2.20). */
import { type Cell, respondRows } from '../wire/lists.ts';
import type { RequestContext } from '../context.ts';
import { hash36 } from '../state/rights.ts';
import { findRecord, getCell, hasEvent, sortedRecords } from '../state/records.ts';
import { isRepeatingEvent, isRepeatingForm } from '../state/design.ts';
import type { EventDef, ProjectState, RecordState } from '../types.ts';
import { stringParam } from '../wire/params.ts';
import { fail, RedcapFailure, respondRaw } from '../wire/respond.ts';
import type { SurveyTarget } from './survey-link.ts';
import { resolveSurveyTarget, surveyHash } from './survey-link.ts';

const PARTICIPANTS_RIGHT =
  'The API request cannot complete because currently you do not have "Manage Survey Participants" privileges, which are required for this operation.';

function requireParticipantsRight(context: RequestContext): void {
  if (!context.user.rights.surveyParticipants) throw fail(403, PARTICIPANTS_RIGHT);
}

function target(context: RequestContext): SurveyTarget {
  const { state, params } = context;
  return resolveSurveyTarget(
    state,
    stringParam(params, 'record'),
    stringParam(params, 'instrument'),
    stringParam(params, 'event'),
    stringParam(params, 'repeat_instance'),
  );
}

/** A participant's survey access code: 9 upper-case letters and digits, stable per record, survey, event and instance. */
export function accessCode(state: ProjectState, survey: SurveyTarget): string {
  return hash36(`${String(state.info.project_id)}|${survey.record}|${survey.instrument}|${survey.event.id}|${survey.instance}|access`, 9);
}

function surveyLink(context: RequestContext, survey: SurveyTarget): string {
  return `${context.baseUrl}surveys/?s=${surveyHash(context.state, survey)}`;
}

function queueLink(context: RequestContext, record: string): string {
  return `${context.baseUrl}surveys/?sq=${hash36(`${String(context.state.info.project_id)}|${record}|queue`, 10)}`;
}

function queueEnabled(state: ProjectState): boolean {
  return state.surveys.queue && Number(state.info.surveys_enabled) === 1;
}

/** Export Survey Access Code: plain-text code, PHP's default `text/html` header. */
export function exportSurveyAccessCode(context: RequestContext): Response {
  requireParticipantsRight(context);
  const survey = target(context);
  context.log('Download survey access code (API)', `instrument = '${survey.instrument}'`, survey.record);
  return respondRaw(accessCode(context.state, survey), 'text/html; charset=UTF-8');
}

/** Export Survey Return Code: needs Save & Return Later on the survey; plain-text code. */
export function exportSurveyReturnCode(context: RequestContext): Response {
  const { state } = context;
  requireParticipantsRight(context);
  let survey: SurveyTarget;
  try {
    survey = target(context);
  } catch (error) {
    // This method's "not enabled as a survey" message uses double quotes.
    const quoted = error instanceof RedcapFailure ? /^The instrument '(.*)' has not been enabled as a survey$/.exec(error.message) : null;
    if (quoted) throw fail(400, `The instrument "${quoted[1]}" has not been enabled as a survey`);
    throw error;
  }
  if (!state.surveys.saveAndReturn.has(survey.instrument))
    throw fail(400, "The 'Save & Return Later' feature has not been enabled for this survey");
  context.log('Download survey return code (API)', `instrument = '${survey.instrument}'`, survey.record);
  const code = hash36(
    `${String(state.info.project_id)}|${survey.record}|${survey.instrument}|${survey.event.id}|${survey.instance}|return`,
    8,
  );
  return respondRaw(code, 'text/html; charset=UTF-8');
}

/** Export Survey Queue Link: 400 when the Survey Queue is off; plain-text URL `<base>surveys/?sq=<hash>`. */
export function exportSurveyQueueLink(context: RequestContext): Response {
  const { state, params } = context;
  requireParticipantsRight(context);
  if (!queueEnabled(state)) {
    throw fail(
      400,
      'The Survey Queue has not been enabled in this project. You will need to enable the Survey Queue before using this method.',
    );
  }
  const recordName = stringParam(params, 'record') ?? '';
  if (recordName === '') throw fail(400, "The parameter 'record' is missing");
  const record = findRecord(state, recordName);
  if (!record) throw fail(400, `The record "${recordName}" does not exist`);
  context.log('Download survey queue link (API)', `record = '${record.name}'`, record.name);
  return respondRaw(queueLink(context, record.name), 'text/html; charset=UTF-8');
}

/** The record's participant email: the email field's first value. */
function emailOf(state: ProjectState, record: RecordState): string {
  if (state.surveys.emailField === '') return '';
  for (const cell of record.cells.values()) {
    const value = cell.values.get(state.surveys.emailField);
    if (typeof value === 'string' && value !== '') return value;
  }
  return '';
}

/** The instances of the survey a record has data or an invitation for (1 when it does not repeat). */
function instancesOf(state: ProjectState, record: RecordState, form: string, event: EventDef): number[] {
  const repeatingForm = isRepeatingForm(state, event.uniqueName, form);
  if (!repeatingForm && !isRepeatingEvent(state, event.uniqueName)) return [1];
  const instances = new Set<number>();
  for (const cell of record.cells.values()) {
    if (cell.event === event.uniqueName && cell.instrument === (repeatingForm ? form : '')) instances.add(cell.instance);
  }
  for (const invitation of state.surveys.invitations) {
    if (invitation.record === record.name && invitation.instrument === form && (invitation.event ?? event.uniqueName) === event.uniqueName)
      instances.add(invitation.instance ?? 1);
  }
  return [...instances].sort((a, b) => a - b);
}

/**
 * Export Survey Participant List: a participant per record of the survey's event, and per
 * record with a response (a survey timestamp) or an invitation there. Completed responses have no access code or link.
 */
export function exportSurveyParticipants(context: RequestContext): Response {
  const { state, params, user } = context;
  requireParticipantsRight(context);
  const instrument = stringParam(params, 'instrument') ?? '';
  const form = state.formByName.get(instrument);
  if (instrument === '') throw fail(400, "The parameter 'instrument' is missing");
  if (!form) throw fail(400, 'Invalid instrument');
  if (!form.survey || Number(state.info.surveys_enabled) !== 1)
    throw fail(400, `The instrument '${instrument}' has not been enabled as a survey`);
  let event = state.events[0] as EventDef;
  if (state.longitudinal) {
    const eventName = stringParam(params, 'event') ?? '';
    if (eventName === '') throw fail(400, "The parameter 'event' is missing");
    const found = state.eventByName.get(eventName);
    if (!found) throw fail(400, 'Invalid event');
    event = found;
  }
  const repeating = isRepeatingForm(state, event.uniqueName, instrument) || isRepeatingEvent(state, event.uniqueName);
  const queue = queueEnabled(state);
  const rows: Record<string, Cell>[] = [];
  const occurrences = new Map<string, number>();
  for (const record of sortedRecords(state)) {
    if (user.dag !== '' && record.dag !== user.dag) continue;
    // Every record of the survey's event is a participant, responded or invited or not.
    const inEvent = hasEvent(record, event.uniqueName);
    const instances = instancesOf(state, record, instrument, event);
    if (inEvent && instances.length === 0) instances.push(1);
    for (const instance of instances) {
      const cell = getCell(record, event.uniqueName, isRepeatingForm(state, event.uniqueName, instrument) ? instrument : '', instance);
      const timestamp = cell?.values.get(`${instrument}_timestamp`);
      const status = typeof timestamp !== 'string' || timestamp === '' ? 0 : timestamp === '[not completed]' ? 1 : 2;
      const invitation = state.surveys.invitations.find(
        (candidate) =>
          candidate.record === record.name &&
          candidate.instrument === instrument &&
          (candidate.event ?? event.uniqueName) === event.uniqueName &&
          (candidate.instance ?? 1) === instance,
      );
      if (status === 0 && !invitation && !inEvent) continue;
      const email = invitation?.email ?? emailOf(state, record);
      const occurrence = (occurrences.get(email) ?? 0) + 1;
      occurrences.set(email, occurrence);
      const survey: SurveyTarget = { record: record.name, instrument, event, instance };
      const row: Record<string, Cell> = { email, email_occurrence: occurrence, identifier: '', record: record.name };
      if (repeating) row.repeat_instance = instance;
      row.invitation_sent_status = invitation ? 1 : 0;
      row.invitation_send_time = invitation?.sent ?? '';
      row.response_status = status;
      row.survey_access_code = status === 2 ? '' : accessCode(state, survey);
      row.survey_link = status === 2 ? '' : surveyLink(context, survey);
      if (queue) row.survey_queue_link = queueLink(context, record.name);
      rows.push(row);
    }
  }
  context.log(
    'Download survey participant list (API)',
    `form_name = '${instrument}'${state.longitudinal ? `,\nevent_id = ${event.id}` : ''}`,
  );
  const header = [
    'email',
    'email_occurrence',
    'identifier',
    'record',
    ...(repeating ? ['repeat_instance'] : []),
    'invitation_sent_status',
    'invitation_send_time',
    'response_status',
    'survey_access_code',
    'survey_link',
    ...(queue ? ['survey_queue_link'] : []),
  ];
  return respondRows(context, rows, header, 'participants', 'participant');
}
