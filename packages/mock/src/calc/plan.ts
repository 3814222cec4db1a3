import { missingDataCodes } from '../state/missing-codes.ts';
/**
 * The calc fields of a project compiled once per design (fields, events, designations,
 * repeating setup, missing-data codes) and ordered so that a calc reading another calc runs
 * after it. Formulas are parsed once per text, whatever the project.
 */
import type { DiagnosticSink } from '../diagnostics.ts';
import type { FieldDef, ProjectState } from '../types.ts';
import { CalcUnsupported, type Node, refsOf } from './ast.ts';
import { type Compiled, compileCalc } from './compile.ts';
import { parseCalc } from './parse.ts';

/** A calc field ready to compute; `run` is undefined when the simulator cannot, and the field stays blank. */
export interface PlannedCalc {
  readonly field: FieldDef;
  readonly run: Compiled | undefined;
}

/** What {@link calcPlan} gives: the calc fields (those it cannot compute first, then the rest in dependency order) and the project's missing-data codes. */
export interface CalcPlan {
  readonly calcs: readonly PlannedCalc[];
  readonly missingCodes: ReadonlySet<string>;
}

const parsed = new Map<string, Node | CalcUnsupported>();
const PARSE_CACHE_LIMIT = 10_000;

/** The tree of a formula text, parsed once (the cache is dropped when it grows past 10,000 texts). */
function parseOnce(text: string): Node | CalcUnsupported {
  let entry = parsed.get(text);
  if (entry === undefined) {
    try {
      entry = parseCalc(text);
    } catch (error) {
      if (!(error instanceof CalcUnsupported)) throw error;
      entry = error;
    }
    if (parsed.size >= PARSE_CACHE_LIMIT) parsed.clear();
    parsed.set(text, entry);
  }
  return entry;
}

interface Cached {
  readonly design: readonly unknown[];
  readonly plan: CalcPlan;
}

const plans = new WeakMap<ProjectState, Cached>();
const reported = new WeakMap<ProjectState, Set<string>>();

function designOf(state: ProjectState): unknown[] {
  return [state.fields, state.eventByName, state.formEvents, state.repeatingForms, state.repeatingEvents, state.info.missing_data_codes];
}

/**
 * The project's calc plan, rebuilt only when its design changed. A formula the simulator
 * cannot evaluate is left out (its field stays blank) and reported to `report` once per
 * field and formula, however many records are saved.
 *
 * @example
 * for (const { field, run } of calcPlan(state, report).calcs) run(row, env);
 */
export function calcPlan(state: ProjectState, report: DiagnosticSink): CalcPlan {
  const design = designOf(state);
  const cached = plans.get(state);
  if (cached?.design.every((part, index) => part === design[index])) return cached.plan;
  const plan = buildPlan(state, report);
  plans.set(state, { design, plan });
  return plan;
}

function buildPlan(state: ProjectState, report: DiagnosticSink): CalcPlan {
  const compiled = new Map<string, { field: FieldDef; run: Compiled; uses: string[] }>();
  const blank: PlannedCalc[] = [];
  const unsupported = (field: FieldDef, problem: CalcUnsupported): void => {
    const formula = field.select_choices_or_calculations;
    const key = `${field.field_name}\u0000${formula}\u0000${problem.message}`;
    let seen = reported.get(state);
    if (!seen) {
      seen = new Set();
      reported.set(state, seen);
    }
    if (seen.has(key)) return;
    seen.add(key);
    const projectId = String(state.info.project_id);
    report({
      kind: 'unsupported-calculation',
      projectId,
      field: field.field_name,
      formula,
      part: problem.part,
      message: `Calculated field "${field.field_name}" of project ${projectId} is left blank: ${problem.message} (formula: ${formula.replace(/\s+/g, ' ').trim()}).`,
    });
  };
  for (const field of state.fields) {
    if (field.field_type !== 'calc') continue;
    const node = parseOnce(field.select_choices_or_calculations);
    if (node instanceof CalcUnsupported) {
      unsupported(field, node);
      blank.push({ field, run: undefined });
      continue;
    }
    try {
      const run = compileCalc(state, node);
      const uses = refsOf(node)
        .map((ref) => ref.field)
        .filter((name) => state.fieldByName.get(name)?.field_type === 'calc');
      compiled.set(field.field_name, { field, run, uses });
    } catch (error) {
      if (!(error instanceof CalcUnsupported)) throw error;
      unsupported(field, error);
      blank.push({ field, run: undefined });
    }
  }
  // Depth-first: a calc comes after the calcs it reads. Members of a cycle are reported and
  // stay blank, so the calcs reading them see blanks.
  const marks = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cyclic = new Set<string>();
  const sorted: string[] = [];
  const visit = (name: string): void => {
    const entry = compiled.get(name);
    const mark = marks.get(name);
    if (!entry || mark === 'done') return;
    if (mark === 'visiting') {
      for (const member of stack.slice(stack.indexOf(name))) cyclic.add(member);
      return;
    }
    marks.set(name, 'visiting');
    stack.push(name);
    for (const used of entry.uses) visit(used);
    stack.pop();
    marks.set(name, 'done');
    sorted.push(name);
  };
  for (const name of compiled.keys()) visit(name);
  const cycle = [...cyclic].map((name) => `[${name}]`).join(', ');
  for (const name of cyclic) {
    const entry = compiled.get(name) as { field: FieldDef };
    unsupported(entry.field, new CalcUnsupported(`[${name}]`, `the calculation refers to itself through the calc fields ${cycle}`));
    blank.push({ field: entry.field, run: undefined });
  }
  const order = [...blank, ...sorted.filter((name) => !cyclic.has(name)).map((name) => compiled.get(name) as PlannedCalc)];
  return { calcs: order, missingCodes: new Set(missingDataCodes(state)) };
}
