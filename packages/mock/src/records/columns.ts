import { checkboxColumns, isDataField } from '../state/design.ts';
import type { FieldDef, ProjectState } from '../types.ts';

/** What a column name of flat data means. */
export type ColumnKind =
  | { readonly kind: 'recordId' }
  | { readonly kind: 'event' | 'repeatInstrument' | 'repeatInstance' | 'dag' | 'surveyIdentifier' }
  | { readonly kind: 'timestamp'; readonly form: string }
  | { readonly kind: 'complete'; readonly form: string }
  | { readonly kind: 'field'; readonly field: FieldDef }
  | { readonly kind: 'checkbox'; readonly field: FieldDef; readonly code: string };

const SPECIAL: Record<string, ColumnKind> = {
  redcap_event_name: { kind: 'event' },
  redcap_repeat_instrument: { kind: 'repeatInstrument' },
  redcap_repeat_instance: { kind: 'repeatInstance' },
  redcap_data_access_group: { kind: 'dag' },
  redcap_survey_identifier: { kind: 'surveyIdentifier' },
};

const cache = new WeakMap<ProjectState, Map<string, ColumnKind>>();

/** Every column name flat data may carry, mapped to its meaning. Descriptive fields and bare checkbox names are absent. */
export function columnMap(state: ProjectState): Map<string, ColumnKind> {
  const cached = cache.get(state);
  if (cached) return cached;
  const map = new Map<string, ColumnKind>(Object.entries(SPECIAL));
  for (const form of state.forms) {
    map.set(`${form.name}_complete`, { kind: 'complete', form: form.name });
    map.set(`${form.name}_timestamp`, { kind: 'timestamp', form: form.name });
  }
  for (const field of state.fields) {
    if (!isDataField(field)) continue;
    if (field.field_name === state.recordIdField) {
      map.set(field.field_name, { kind: 'recordId' });
    } else if (field.field_type === 'checkbox') {
      for (const { column, choice } of checkboxColumns(field)) map.set(column, { kind: 'checkbox', field, code: choice.code });
    } else {
      map.set(field.field_name, { kind: 'field', field });
    }
  }
  cache.set(state, map);
  return map;
}

/** Forgets the cached column map of a project whose design changed (metadata import, ODM). */
export function forgetColumns(state: ProjectState): void {
  cache.delete(state);
}

/** The instrument a data column belongs to (`undefined` for pseudo-columns). */
export function formOfColumn(kind: ColumnKind): string | undefined {
  if (kind.kind === 'field' || kind.kind === 'checkbox') return kind.field.form_name;
  if (kind.kind === 'complete' || kind.kind === 'timestamp') return kind.form;
  return undefined;
}
