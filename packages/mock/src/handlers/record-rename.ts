import type { RequestContext } from '../context.ts';
import { findRecord } from '../state/records.ts';
import type { RecordState } from '../types.ts';
import { stringParam } from '../wire/params.ts';
import { respond } from '../wire/respond.ts';

/**
 * Rename Record (§2.16): HTTP 200 in every case, `1` on success or REDCap's text. With
 * `arm` (longitudinal projects with arms) only the record's data in that arm moves.
 */
export function renameRecord(context: RequestContext): Response {
  const { state, params, user } = context;
  const format = context.format === 'odm' ? 'xml' : context.format;
  const answer = (text: string): Response => respond(text, format);
  const current = (stringParam(params, 'record') ?? '').trim();
  const next = (stringParam(params, 'new_record_name') ?? '').trim();
  if (current === '') return answer('Current record name must be provided.');
  if (next === '') return answer('New record name must be provided.');
  const record = findRecord(state, current);
  if (!record || (user.dag !== '' && record.dag !== user.dag)) return answer('Current Record does not exists.');
  const armText = (stringParam(params, 'arm') ?? '').trim();
  const arm = state.longitudinal && armText !== '' ? state.arms.find((candidate) => String(candidate.num) === armText) : undefined;
  if (state.longitudinal && armText !== '' && !arm) return answer('Invalid arm number.');
  const armEvents = arm ? new Set(state.events.filter((event) => event.armNum === arm.num).map((event) => event.uniqueName)) : undefined;
  if (armEvents && ![...record.cells.values()].some((cell) => armEvents.has(cell.event))) return answer('Current Record does not exists.');
  if (next === record.name) return answer('1');
  const existing = findRecord(state, next);
  if (existing && existing !== record && (!armEvents || [...existing.cells.values()].some((cell) => armEvents.has(cell.event)))) {
    return answer('New record name already exists.');
  }
  if (!armEvents || [...record.cells.values()].every((cell) => armEvents.has(cell.event))) {
    const previous = record.name;
    state.records.delete(previous);
    if (existing && existing !== record) {
      for (const [key, cell] of record.cells) existing.cells.set(key, cell);
    } else {
      record.name = next;
      state.records.set(next, record);
    }
    context.log('Rename Record (API)', `record_id = '${previous}' renamed to '${next}'`, next);
    return answer('1');
  } else {
    const target: RecordState = existing ?? { name: next, dag: record.dag, cells: new Map() };
    for (const [key, cell] of [...record.cells]) {
      if (!armEvents.has(cell.event)) continue;
      target.cells.set(key, cell);
      record.cells.delete(key);
    }
    if (!existing) state.records.set(next, target);
  }
  context.log('Rename Record (API)', `record_id = '${record.name}' renamed to '${next}'`, next);
  return answer('1');
}
