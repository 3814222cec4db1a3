import type { RequestContext } from '../context.ts';
import { findRecord } from '../state/records.ts';
import { isDesignated, isRepeatingEvent, isRepeatingForm } from '../state/design.ts';
import type { EventDef, ProjectState } from '../types.ts';
import { stringParam } from '../wire/params.ts';
import { fail, respondRaw } from '../wire/respond.ts';

/** Export Survey Link (§2.20): plain-text URL `<base>surveys/?s=<hash>`, PHP's default `text/html` header. */
export function exportSurveyLink(context: RequestContext): Response {
  const { state, params, user } = context;
  if (!user.rights.surveyParticipants) {
    throw fail(
      403,
      'The API request cannot complete because currently you do not have "Manage Survey Participants" privileges, which are required for this operation.',
    );
  }
  const target = resolveSurveyTarget(
    state,
    stringParam(params, 'record'),
    stringParam(params, 'instrument'),
    stringParam(params, 'event'),
    stringParam(params, 'repeat_instance'),
  );
  context.log('Download survey link (API)', `instrument = '${target.instrument}'`, target.record);
  return respondRaw(`${context.baseUrl}surveys/?s=${surveyHash(state, target)}`, 'text/html; charset=UTF-8');
}

/** A participant's survey: record, instrument, event, instance. */
export interface SurveyTarget {
  readonly record: string;
  readonly instrument: string;
  readonly event: EventDef;
  readonly instance: number;
}

/** Checks the survey parameters with REDCap's messages and order. */
export function resolveSurveyTarget(
  state: ProjectState,
  recordName: string | undefined,
  instrument: string | undefined,
  eventName: string | undefined,
  instanceText: string | undefined,
): SurveyTarget {
  if (recordName === undefined || recordName === '') throw fail(400, "The parameter 'record' is missing");
  const record = findRecord(state, recordName);
  if (!record) throw fail(400, `The record "${recordName}" does not exist`);
  if (instrument === undefined || instrument === '') throw fail(400, "The parameter 'instrument' is missing");
  const form = state.formByName.get(instrument);
  if (!form) throw fail(400, 'Invalid instrument');
  if (!form.survey || Number(state.info.surveys_enabled) !== 1)
    throw fail(400, `The instrument '${instrument}' has not been enabled as a survey`);
  let event = state.events[0] as EventDef;
  if (state.longitudinal) {
    if (eventName === undefined || eventName === '') throw fail(400, "The parameter 'event' is missing");
    const found = state.eventByName.get(eventName);
    if (!found) throw fail(400, 'Invalid event');
    if (!isDesignated(state, found.uniqueName, instrument))
      throw fail(400, `The instrument "${instrument}" has not been designated for the event "${eventName}"`);
    event = found;
  }
  let instance = instanceText !== undefined && /^\d+$/.test(instanceText) && Number(instanceText) > 0 ? Number(instanceText) : 1;
  if (!isRepeatingForm(state, event.uniqueName, instrument) && !isRepeatingEvent(state, event.uniqueName)) instance = 1;
  return { record: record.name, instrument, event, instance };
}

/** A deterministic 10-character survey hash (FNV-1a 64 of project, record, instrument, event, instance). */
export function surveyHash(state: ProjectState, target: SurveyTarget): string {
  const input = `${String(state.info.project_id)}|${target.record}|${target.instrument}|${target.event.id}|${target.instance}`;
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(input)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(36).toUpperCase().padStart(13, '0').slice(-10);
}
