import { RedcapValidationError } from '../../errors/validation-error.ts';
import type { ImportRow } from './types.ts';

const operation = { content: 'record', action: 'import' } as const;

/** Lists at most a few row numbers, 1-based as a spreadsheet shows them. */
function rowList(indexes: readonly number[]): string {
  const shown = indexes
    .slice(0, 10)
    .map((i) => i + 1)
    .join(', ');
  return indexes.length > 10 ? `${shown} and ${indexes.length - 10} more` : shown;
}

/**
 * Checks flat rows for mistakes REDCap would refuse, or worse, merge silently,
 * before anything is sent: a missing record id, a repeat instance that is not a
 * positive whole number (or `new`), and two rows for the same record, event,
 * instrument and instance.
 */
export function preflight(rows: readonly ImportRow[], idField: string): void {
  const missingId: number[] = [];
  const badInstance: number[] = [];
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  rows.forEach((row, index) => {
    const id = row[idField];
    if (id === undefined || id === null || String(id).trim() === '') missingId.push(index);
    const instance = row.redcap_repeat_instance;
    const blank = instance === undefined || instance === null || instance === '';
    if (!blank && instance !== 'new' && !/^[1-9]\d*$/.test(String(instance))) badInstance.push(index);
    if (instance === 'new') return;
    const key = [id, row.redcap_event_name ?? '', row.redcap_repeat_instrument ?? '', blank ? '' : String(instance)]
      .map(String)
      .join('\u0000');
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else duplicates.push(`rows ${first + 1} and ${index + 1}`);
  });
  if (missingId.length) {
    throw new RedcapValidationError(
      'data',
      `rows ${rowList(missingId)} have no value for the record id field \`${idField}\`. Every row needs it (pass \`recordIdField\` if \`${idField}\` is not the record id field).`,
      operation,
    );
  }
  if (badInstance.length) {
    throw new RedcapValidationError(
      'data',
      `rows ${rowList(badInstance)} have a \`redcap_repeat_instance\` that is not a positive whole number or 'new'.`,
      operation,
    );
  }
  if (duplicates.length) {
    throw new RedcapValidationError(
      'data',
      `${duplicates.slice(0, 10).join('; ')}${duplicates.length > 10 ? ` and ${duplicates.length - 10} more pairs` : ''} are for the same record, event, instrument and instance. Merge them into one row each.`,
      operation,
    );
  }
}
