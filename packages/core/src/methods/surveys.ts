import * as v from 'valibot';
import { format, name, positiveInteger, recordName, strictParams, type Schema } from '../internal/schemas.ts';
import { jsonExport, textExport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import type { ExportFunction, ParamsFunction } from './shapes.ts';

/** Which survey response a link or code is for. */
export interface SurveyTarget {
  readonly record: string | number;
  /** The survey-enabled instrument. */
  readonly instrument: string;
  /** The unique event name (required in longitudinal projects). */
  readonly event?: string;
  /** The instance of a repeating survey. @default 1 */
  readonly repeatInstance?: number;
}

const surveyTarget: Schema<SurveyTarget> = strictParams({
  record: recordName,
  instrument: name,
  event: v.optional(name),
  repeatInstance: v.optional(positiveInteger),
});

/**
 * The link to a record's survey.
 *
 * REDCap method: Export a Survey Link (`content=surveyLink`).
 *
 * @example
 * ```ts
 * const url = await exportSurveyLink(client, { record: '1', instrument: 'follow_up', event: 'visit_1_arm_1' });
 * ```
 */
export const exportSurveyLink: ParamsFunction<SurveyTarget, string> = /* @__PURE__ */ defineMethod({
  name: 'exportSurveyLink',
  title: 'Export a Survey Link for a Participant',
  namespace: 'surveys',
  verb: 'exportLink',
  content: 'surveyLink',
  action: 'export',
  since: '6.4.0',
  ...textExport(surveyTarget, (body) => /^https?:\/\/\S+$/.test(body.trim())),
});

/** A survey access or return code: a short token of letters and digits. */
const isCode = (body: string): boolean => /^[A-Za-z0-9]{1,64}$/.test(body.trim());

/**
 * The access code a participant types at the survey's access page to open a record's survey.
 *
 * REDCap method: Export a Survey Access Code for a Participant (`content=surveyAccessCode`, REDCap 14.0.0+).
 *
 * @example
 * ```ts
 * const code = await redcap.surveys.exportAccessCode({ record: '1', instrument: 'follow_up' });
 * const code = await exportSurveyAccessCode(client, { record: '1', instrument: 'follow_up', event: 'visit_1_arm_1' });
 * ```
 */
export const exportSurveyAccessCode: ParamsFunction<SurveyTarget, string> = /* @__PURE__ */ defineMethod({
  name: 'exportSurveyAccessCode',
  title: 'Export a Survey Access Code for a Participant',
  namespace: 'surveys',
  verb: 'exportAccessCode',
  content: 'surveyAccessCode',
  action: 'export',
  since: '14.0.0',
  ...textExport(surveyTarget, isCode),
});

/** Parameters of a survey participant list export. */
export interface ExportSurveyParticipantsParams {
  /** The survey-enabled instrument. */
  readonly instrument: string;
  /** The unique event name (required in longitudinal projects). */
  readonly event?: string;
}

/**
 * A participant of a survey. Bracketed columns of REDCap's list are present only
 * when their feature is on: SMS (`phone`), repeating survey (`repeat_instance`),
 * time limit (`survey_link_expiration`), survey queue (`survey_queue_link`).
 */
export interface SurveyParticipant {
  email: string;
  /** Which occurrence of this email in the list (1 for the first). */
  email_occurrence: number;
  phone?: string;
  identifier: string;
  /** The record, or `""` while the participant is not identified. */
  record: string;
  repeat_instance?: string | number;
  /** 1 once an invitation was sent, else 0. */
  invitation_sent_status: number;
  invitation_send_time: string;
  /** 0 no response, 1 partial, 2 completed. */
  response_status: number;
  /** Blank for completed responses that cannot be edited. */
  survey_access_code: string;
  survey_link_expiration?: string;
  /** Blank for completed responses that cannot be edited. */
  survey_link: string;
  survey_queue_link?: string;
}

const participantsParams: Schema<ExportSurveyParticipantsParams> = strictParams({
  format: v.optional(format),
  instrument: name,
  event: v.optional(name),
});

/**
 * A survey's participant list: invitations, response status, codes and links.
 *
 * REDCap method: Export a Survey Participant List (`content=participantList`).
 *
 * @example
 * ```ts
 * const participants = await redcap.surveys.exportParticipants({ instrument: 'follow_up' });
 * const participants = await exportSurveyParticipants(client, { instrument: 'follow_up', event: 'visit_1_arm_1' });
 * const pending = participants.filter((p) => p.response_status !== 2);
 * ```
 */
export const exportSurveyParticipants: ExportFunction<ExportSurveyParticipantsParams, SurveyParticipant[]> = /* @__PURE__ */ defineMethod({
  name: 'exportSurveyParticipants',
  title: 'Export a Survey Participant List',
  namespace: 'surveys',
  verb: 'exportParticipants',
  content: 'participantList',
  action: 'export',
  since: '6.0.0',
  ...jsonExport(
    participantsParams,
    v.array(v.looseObject({ email: v.string(), record: v.union([v.string(), v.number()]), survey_link: v.string() })),
  ),
});

/** Parameters of a survey queue link export. */
export interface ExportSurveyQueueLinkParams {
  /** The record whose survey queue to link to. */
  readonly record: string | number;
}

/**
 * The link to a record's survey queue (REDCap answers 400 when the queue is not enabled).
 *
 * REDCap method: Export a Survey Queue Link for a Participant (`content=surveyQueueLink`).
 *
 * @example
 * ```ts
 * const url = await redcap.surveys.exportQueueLink({ record: '1' });
 * const url = await exportSurveyQueueLink(client, { record: '1' });
 * ```
 */
export const exportSurveyQueueLink: ParamsFunction<ExportSurveyQueueLinkParams, string> = /* @__PURE__ */ defineMethod({
  name: 'exportSurveyQueueLink',
  title: 'Export a Survey Queue Link for a Participant',
  namespace: 'surveys',
  verb: 'exportQueueLink',
  content: 'surveyQueueLink',
  action: 'export',
  since: '6.4.0',
  ...textExport(strictParams({ record: recordName }), (body) => /^https?:\/\/\S+$/.test(body.trim())),
});

/**
 * The code a participant needs to resume a survey saved with Save & Return Later
 * (REDCap answers 400 when the survey does not have that feature).
 *
 * REDCap method: Export a Survey Return Code for a Participant (`content=surveyReturnCode`).
 *
 * @example
 * ```ts
 * const code = await redcap.surveys.exportReturnCode({ record: '1', instrument: 'follow_up' });
 * const code = await exportSurveyReturnCode(client, { record: '1', instrument: 'follow_up', event: 'visit_1_arm_1' });
 * ```
 */
export const exportSurveyReturnCode: ParamsFunction<SurveyTarget, string> = /* @__PURE__ */ defineMethod({
  name: 'exportSurveyReturnCode',
  title: 'Export a Survey Return Code for a Participant',
  namespace: 'surveys',
  verb: 'exportReturnCode',
  content: 'surveyReturnCode',
  action: 'export',
  since: '6.4.0',
  ...textExport(surveyTarget, isCode),
});
