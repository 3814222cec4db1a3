import type { CheckableProject } from './shape.ts';

/** The project's events, designations and repeating setup as Set and Map lookups. */
export interface Design {
  /** The event a row without `redcap_event_name` goes to: the first event of the first arm. */
  readonly firstEvent: string;
  /** Event unique names and the labels REDCap's messages use for them. */
  readonly eventLabels: ReadonlyMap<string, string>;
  readonly designated: ReadonlyMap<string, ReadonlySet<string>>;
  readonly repeatingForms: ReadonlyMap<string, ReadonlySet<string>>;
  readonly repeatingEvents: ReadonlySet<string>;
  readonly hasRepeating: boolean;
}

/** The unique name of a classic project's one event. */
const CLASSIC_EVENT = 'event_1_arm_1';

const cache = new WeakMap<CheckableProject, Design>();

/**
 * Indexes a project's design once: which forms each event holds, which forms and
 * events repeat, and each event's label as REDCap's messages show it (with the arm
 * when the project has several).
 *
 * @example
 * ```ts
 * designOf(project).designated.get('visit_1_arm_1')?.has('visits'); // true
 * ```
 */
export function designOf(project: CheckableProject): Design {
  const cached = cache.get(project);
  if (cached) return cached;
  const armNames = new Map(project.arms.map((arm) => [String(arm.arm_num), arm.name]));
  const eventLabels = new Map<string, string>();
  for (const event of project.events) {
    const label =
      project.arms.length <= 1
        ? event.event_name
        : `${event.event_name} (Arm ${event.arm_num}: ${armNames.get(String(event.arm_num)) ?? ''})`;
    eventLabels.set(event.unique_event_name, label);
  }
  const designated = new Map<string, Set<string>>();
  for (const { unique_event_name: event, form } of project.formEventMapping) {
    const forms = designated.get(event) ?? new Set<string>();
    designated.set(event, forms);
    forms.add(form);
  }
  const firstEvent = project.longitudinal ? (project.events[0]?.unique_event_name ?? '') : CLASSIC_EVENT;
  const repeatingForms = new Map<string, Set<string>>();
  const repeatingEvents = new Set<string>();
  for (const item of project.repeating) {
    const event = project.longitudinal ? (item.event_name ?? '') : CLASSIC_EVENT;
    if (item.form_name === '') {
      repeatingEvents.add(event);
      continue;
    }
    const forms = repeatingForms.get(event) ?? new Set<string>();
    repeatingForms.set(event, forms);
    forms.add(item.form_name);
  }
  const design: Design = {
    firstEvent,
    eventLabels,
    designated,
    repeatingForms,
    repeatingEvents,
    hasRepeating: project.repeating.length > 0,
  };
  cache.set(project, design);
  return design;
}
