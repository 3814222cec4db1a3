import type { RequestContext } from '../context.ts';
import { respondRaw } from '../wire/respond.ts';

/** Export REDCap Version: plain text, `text/csv` whatever the format (§2.19). */
export function exportVersion(context: RequestContext): Response {
  context.log('Export REDCap version (API)', '');
  return respondRaw(context.version, 'text/csv; charset=utf-8');
}
