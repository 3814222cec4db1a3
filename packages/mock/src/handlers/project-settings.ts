import { refreshDesign } from '../state/design.ts';
import { SETUP_RIGHTS_MESSAGE } from './design-messages.ts';
import { respondCount, notInFormat, scalar } from '../wire/import-data.ts';
import type { RequestContext } from '../context.ts';
import type { ProjectInfoKey } from '../types.ts';
import { parseCsv } from '../wire/csv.ts';
import { fail } from '../wire/respond.ts';
import { parseXml, XmlSyntaxError } from '../wire/xml-read.ts';

/** The keys Import Project Info changes in 15.7.6 (§2.15); other keys are counted but ignored. */
export const UPDATABLE_PROJECT_INFO: ReadonlySet<string> = new Set([
  'project_title',
  'project_language',
  'purpose',
  'purpose_other',
  'project_notes',
  'custom_record_label',
  'secondary_unique_field',
  'is_longitudinal',
  'surveys_enabled',
  'scheduling_enabled',
  'record_autonumbering_enabled',
  'randomization_enabled',
  'project_irb_number',
  'project_grant_number',
  'project_pi_firstname',
  'project_pi_lastname',
  'display_today_now_button',
  'bypass_branching_erase_field_prompt',
]);

/** The settings as PHP decodes them: key → value, or `undefined` when the decoder gives up. */
function decodeSettings(context: RequestContext): Map<string, unknown> | undefined {
  const data = context.data ?? '';
  if (context.format === 'json') {
    const decoded = context.jsonData;
    if (decoded === null || decoded === undefined || typeof decoded !== 'object') return undefined;
    return new Map(
      Array.isArray(decoded) ? decoded.map((value, index) => [String(index), value]) : Object.entries(decoded as Record<string, unknown>),
    );
  }
  if (context.format === 'csv') {
    const table = parseCsv(data);
    const header = table[0] ?? [];
    const values = table[1] ?? [];
    return new Map(header.map((key, index) => [key.trim(), values[index] ?? '']));
  }
  try {
    const root = parseXml(data);
    if (root.name !== 'items') return undefined;
    return new Map(root.children.map((child) => [child.name, child.text]));
  } catch (error) {
    if (error instanceof XmlSyntaxError) return undefined;
    throw error;
  }
}

/**
 * Import Project Info (`content=project_settings`, §2.15): needs the design right; applies
 * the updatable keys of one settings object and answers `count($data)`, the number of keys
 * sent (a JSON array counts as its number of elements and changes nothing).
 */
export function importProjectInfo(context: RequestContext): Response {
  const { state, user } = context;
  if (!user.rights.design) throw fail(400, SETUP_RIGHTS_MESSAGE);
  const settings = decodeSettings(context);
  if (!settings) return notInFormat(context);
  const isList = context.format === 'json' && Array.isArray(context.jsonData);
  if (!isList) {
    for (const [key, raw] of settings) {
      if (!UPDATABLE_PROJECT_INFO.has(key) || (raw !== null && typeof raw === 'object')) continue;
      const text = scalar(raw, 'Array').trim();
      if (key === 'is_longitudinal') {
        const longitudinal = text === '1';
        // A project with more than one event cannot become classic.
        if (longitudinal || state.events.length <= 1) state.longitudinal = longitudinal;
        continue;
      }
      if (key === 'project_title' && text === '') continue;
      state.info[key as ProjectInfoKey] = /^-?\d+$/.test(text) ? Number(text) : text;
    }
    state.info.is_longitudinal = state.longitudinal ? 1 : 0;
    refreshDesign(state);
  }
  context.log('Import project information (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, settings.size);
}
