import * as v from 'valibot';
import { name, positiveInteger, recordName, strictParams, type Schema } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { defineMethod, type MethodDescriptor } from './descriptor.ts';
import { standalone } from './function.ts';
import type { ParamsCall, ParamsFunction } from './shapes.ts';

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

/** Export a Survey Link (`content=surveyLink`). */
export const exportSurveyLinkMethod: MethodDescriptor<ParamsCall<SurveyTarget, string>, 'surveys', 'exportLink'> = defineMethod({
  name: 'exportSurveyLink',
  title: 'Export a Survey Link for a Participant',
  namespace: 'surveys',
  verb: 'exportLink',
  content: 'surveyLink',
  action: 'export',
  since: '6.4.0',
  takes: 'params',
  retry: 'read',
  params: surveyTarget,
  toWire: (params) => ({ params: toWire(params) }),
  answer: 'text',
  accept: (body) => /^https?:\/\/\S+$/.test(body.trim()),
  finish: (value: string) => value.trim(),
});

/**
 * The link to a record's survey.
 *
 * @example
 * ```ts
 * const url = await exportSurveyLink(client, { record: '1', instrument: 'follow_up', event: 'visit_1_arm_1' });
 * ```
 */
export const exportSurveyLink: ParamsFunction<SurveyTarget, string> = /* @__PURE__ */ standalone(exportSurveyLinkMethod);
