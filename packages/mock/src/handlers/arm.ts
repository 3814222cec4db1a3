import { DESIGN_RIGHTS_MESSAGE, PRODUCTION_MESSAGE } from './design-messages.ts';
import { isIntegerText } from '../wire/import-data.ts';
import { refreshDesign, removeEvents } from '../state/design.ts';
import { respondCount, decodeDesignRows, notInFormat } from '../wire/import-data.ts';
import type { RequestContext } from '../context.ts';
import { outputFormat } from '../context.ts';
import type { ArmDef } from '../types.ts';
import { arrayParam, stringParam } from '../wire/params.ts';
import { phpJsonEncode } from '../wire/php-json.ts';
import { csvTable, fail, respondIn } from '../wire/respond.ts';
import { xmlItems } from '../wire/xml.ts';

/** Export Arms (§2.4): longitudinal projects only; `arms` filters only as an array. */
export function exportArms(context: RequestContext): Response {
  const { state, params } = context;
  if (!state.longitudinal) throw fail(400, 'You cannot export arms for classic projects');
  const wanted = (arrayParam(params, 'arms') ?? []).map((arm) => arm.trim()).filter((arm) => arm !== '');
  const rows = state.arms
    .filter((arm) => wanted.length === 0 || wanted.includes(String(arm.num)))
    .map((arm) => ({ arm_num: arm.num, name: arm.name }));
  context.log('Export arms (API)', `project_id = ${String(state.info.project_id)}`);
  return respondIn(outputFormat(context), {
    json: () => phpJsonEncode(rows),
    csv: () =>
      csvTable(
        ['arm_num', 'name'],
        rows.map((row) => [String(row.arm_num), row.name]),
      ),
    xml: () =>
      `${xmlItems(
        'arms',
        rows.map(
          (row) =>
            [
              ['arm_num', String(row.arm_num)],
              ['name', row.name],
            ] as const,
        ),
      )}\n`,
  });
}

/**
 * Import Arms (§2.4): adds or renames arms; `override=1` deletes every arm first (with
 * its events and their data). All or nothing: any error rolls the import back.
 */
export function importArms(context: RequestContext): Response {
  const { state, params, user } = context;
  const override = Number.parseInt(stringParam(params, 'override') ?? '0', 10) === 1;
  if (Number(state.info.in_production) > 0) throw fail(400, PRODUCTION_MESSAGE);
  if (!user.rights.design) throw fail(400, DESIGN_RIGHTS_MESSAGE);
  const rows = decodeDesignRows(context, 'arms');
  if (!rows) return notInFormat(context);
  const first = rows[0];
  if (!first?.has('name') || !first.has('arm_num')) {
    throw fail(400, 'One or more components are missing in your input data. The following attributes are required: arm_num, name');
  }
  const errors: string[] = [];
  const arms = new Map<number, ArmDef>(override ? [] : state.arms.map((arm) => [arm.num, arm]));
  let count = 0;
  for (const row of rows) {
    const numText = row.get('arm_num') ?? '';
    if (!isIntegerText(numText) || Number(numText) <= 0) {
      errors.push(`Arm number "${numText}" is not numeric or is less than one.`);
      continue;
    }
    const num = Number(numText);
    if (num > 99) {
      errors.push(`Arm number "${numText}" must be a value of 99 or less.`);
      continue;
    }
    let name = (row.get('name') ?? '').trim();
    if (name === '') name = `Arm ${num}`;
    if (new TextEncoder().encode(name).length > 50) {
      errors.push(`The arm name "${name}" must be less than or equal to 50 characters in length.`);
      continue;
    }
    if (errors.length === 0) {
      arms.set(num, { num, name });
      count++;
    }
  }
  if (errors.length > 0) throw fail(400, errors.join('\n'));
  if (override) removeEvents(state, new Set(state.events.map((event) => event.uniqueName)));
  state.arms = [...arms.values()];
  refreshDesign(state);
  context.log('Import arms (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, count);
}

/** Delete Arms (§2.4): development only; `arms` must be an array; all or nothing; events and data of the arms go too. */
export function deleteArms(context: RequestContext): Response {
  const { state, params, user } = context;
  if (Number(state.info.in_production) > 0) throw fail(400, PRODUCTION_MESSAGE);
  if (!user.rights.design) throw fail(400, DESIGN_RIGHTS_MESSAGE);
  const list = arrayParam(params, 'arms');
  if (!list || list.length === 0) {
    throw fail(
      400,
      "The 'arms' parameter is either missing or is not an array. It must be provided as an array even if it only contains one value.",
    );
  }
  const known = new Set(state.longitudinal ? state.arms.map((arm) => String(arm.num)) : []);
  const missing = list.filter((arm) => !known.has(arm.trim()));
  if (missing.length > 0) {
    throw fail(
      400,
      `One or more of the arm numbers provided are either not numeric or do not exist in this project. Note: No arms were deleted. Arm numbers that do not exist: ${missing.join(', ')}`,
    );
  }
  const doomed = new Set(list.map((arm) => Number(arm.trim())));
  removeEvents(state, new Set(state.events.filter((event) => doomed.has(event.armNum)).map((event) => event.uniqueName)));
  state.arms = state.arms.filter((arm) => !doomed.has(arm.num));
  refreshDesign(state);
  context.log('Delete arms (API)', `project_id = ${String(state.info.project_id)}`);
  return respondCount(context, doomed.size);
}
