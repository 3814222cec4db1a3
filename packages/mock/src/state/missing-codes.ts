import type { ProjectState } from '../types.ts';

/**
 * The codes of the project's missing-data codes setting (`UNK, Unknown | NA, Not applicable`
 * gives `['UNK', 'NA']`), in the setting's order.
 *
 * @example
 * ```ts
 * missingDataCodes(state); // ['UNK', 'NA']
 * ```
 */
export function missingDataCodes(state: ProjectState): string[] {
  return String(state.info.missing_data_codes ?? '')
    .split('|')
    .map((part) => part.split(',')[0]?.trim() ?? '')
    .filter((code) => code !== '');
}
