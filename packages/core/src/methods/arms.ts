import * as v from 'valibot';
import { flag, format, nonEmptyList, positiveInteger, strictParams, type Schema } from '../internal/schemas.ts';
import { toWire } from '../internal/wire.ts';
import { countAnswer, dataParams, numeric, rowsOrCsv, zeroOne, jsonExport } from './common.ts';
import { defineMethod } from './descriptor.ts';
import type { DataFunction, ExportFunction, ParamsFunction } from './shapes.ts';

/** An arm of a longitudinal project. */
export interface Arm {
  /** The arm's number. */
  arm_num: number;
  /** The arm's name. */
  name: string;
}

/** An arm to create or rename. */
export interface ImportArmRow {
  /** The arm's number, 1 to 99: a new number creates an arm, a known one renames it. */
  readonly arm_num: number | string;
  /** The arm's name, at most 50 characters (blank: `Arm <n>`). */
  readonly name: string;
}

/** Parameters of an arms export. */
export interface ExportArmsParams {
  /** Only these arms. */
  readonly arms?: readonly number[];
}

/** Options of an arms import. */
export interface ImportArmsOptions {
  /** Delete every arm first (with its events and data), then import. Development status only. @default false */
  readonly override?: boolean;
}

/** Parameters of an arms delete. */
export interface DeleteArmsParams {
  /** The numbers of the arms to delete (with their events and data). */
  readonly arms: readonly number[];
}

const exportArmsParams: Schema<ExportArmsParams> = strictParams({
  format: v.optional(format),
  arms: v.optional(nonEmptyList(positiveInteger, 'arm numbers')),
});

/**
 * The arms of a longitudinal project (REDCap answers 400 for a classic one).
 *
 * REDCap method: Export Arms (`content=arm`).
 *
 * @example
 * ```ts
 * const arms = await redcap.arms.export();
 * const arms = await exportArms(client, { arms: [1, 2] });
 * ```
 */
export const exportArms: ExportFunction<ExportArmsParams, Arm[]> = /* @__PURE__ */ defineMethod({
  name: 'exportArms',
  title: 'Export Arms',
  namespace: 'arms',
  verb: 'export',
  content: 'arm',
  action: 'export',
  since: '4.7.0',
  ...jsonExport(exportArmsParams, v.array(v.looseObject({ arm_num: v.number(), name: v.string() }))),
});

const armRow: Schema<ImportArmRow> = v.looseObject({
  arm_num: numeric,
  name: v.string('expected the arm name as a string.'),
});

/**
 * Creates or renames arms, or with `override` replaces them all. Returns the
 * number of arms imported.
 *
 * REDCap method: Import Arms (`content=arm&action=import`).
 *
 * @example
 * ```ts
 * await redcap.arms.import([{ arm_num: 2, name: 'Drug B' }]);
 * await importArms(client, [{ arm_num: 1, name: 'Drug A' }, { arm_num: 2, name: 'Placebo' }]);
 * await importArms(client, 'arm_num,name\n1,Only arm', { override: true });
 * ```
 */
export const importArms: DataFunction<readonly ImportArmRow[] | string, ImportArmsOptions, number> = /* @__PURE__ */ defineMethod({
  name: 'importArms',
  title: 'Import Arms',
  namespace: 'arms',
  verb: 'import',
  content: 'arm',
  action: 'import',
  since: '4.7.0',
  takes: 'data',
  retry: 'write',
  params: strictParams({ override: v.optional(flag) }),
  data: rowsOrCsv(armRow, 'arm'),
  toWire: (options: ImportArmsOptions, data) => ({ params: { ...dataParams(data), override: zeroOne(options.override) } }),
  ...countAnswer,
});

/**
 * Deletes arms with their events and data (development status only). All or
 * nothing: an unknown arm number deletes none. Returns how many were deleted.
 *
 * REDCap method: Delete Arms (`content=arm&action=delete`).
 *
 * @example
 * ```ts
 * await redcap.arms.delete({ arms: [3] });
 * const deleted = await deleteArms(client, { arms: [3] });
 * ```
 */
export const deleteArms: ParamsFunction<DeleteArmsParams, number> = /* @__PURE__ */ defineMethod({
  name: 'deleteArms',
  title: 'Delete Arms',
  namespace: 'arms',
  verb: 'delete',
  content: 'arm',
  action: 'delete',
  since: '4.7.0',
  takes: 'params',
  retry: 'write',
  params: strictParams({ arms: nonEmptyList(positiveInteger, 'arm numbers') }),
  toWire: (params) => ({ params: { format: 'json', ...toWire(params) } }),
  answer: 'json',
  result: v.number(),
});
