import type { RequestContext } from '../context.ts';
import { nextRecordName } from '../state/records.ts';
import { fail, respond } from '../wire/respond.ts';

/** Generate Next Record Name (§2.16): plain text, content type per `returnFormat`; DAG-prefixed for users in a DAG. */
export function generateNextRecordName(context: RequestContext): Response {
  const { state, user } = context;
  if (user.rights.dataExport === 0) {
    throw fail(
      403,
      'The API request cannot complete because currently you have "No Access" data export rights. Higher level data export rights are required for this operation.',
    );
  }
  const dagId = user.dag === '' ? undefined : state.dags.find((dag) => dag.uniqueName === user.dag)?.id;
  return respond(nextRecordName(state, dagId), context.returnFormat);
}
