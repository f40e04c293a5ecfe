import type { ErasureRefusal } from '../../../shared/adapters/dynamo/subject-store';
import { subjectBatchBodySchema, subjectBodySchema } from '../../../shared/api/schemas';
import { HttpProblem, badRequest } from '../../../shared/http/problem';
import type { ApiDependencies } from '../dependencies';
import { authorizedController, json, noContent, parseBody, pathParam, type ApiEvent, type ApiResult } from '../request';

const BATCH_PATH_SEGMENT = 'batch';

export async function putSubject(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const subjectId = pathParam(event, 'subjectId');
  // `.../subjects/batch` is the batch route's path: a subject of that id could never be told apart.
  if (subjectId === BATCH_PATH_SEGMENT) throw badRequest([{ field: 'subjectId', message: `'${BATCH_PATH_SEGMENT}' is reserved` }]);
  const body = parseBody(event, subjectBodySchema);
  const outcome = await deps.subjects.upsert({ controllerId, subjectId, ...body }, deps.clock.now().toISOString());
  if (!outcome.upserted) throw subjectUnderErasure(subjectId, outcome.refusal);
  return noContent();
}

/** Writes every subject not under erasure, and names those refused, so the rest of a nightly sync is not held up. */
export async function postSubjectBatch(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const { subjects } = parseBody(event, subjectBatchBodySchema);
  const result = await deps.subjects.upsertMany(
    subjects.map((subject) => ({ controllerId, ...subject })),
    deps.clock.now().toISOString(),
  );
  return json(200, result);
}

/**
 * A subject whose erasure has begun or is done stays erased: its id is the pseudonym the evidence keeps, and
 * writing contact data under it again would reach no one (every reader leaves it out). A person who comes
 * back is a new subject.
 */
function subjectUnderErasure(subjectId: string, refusal: ErasureRefusal): HttpProblem {
  const what = refusal.reason === 'erased' ? `was erased on ${refusal.since.slice(0, 10)}` : `is being erased (since ${refusal.since.slice(0, 10)})`;
  return new HttpProblem(409, 'Conflict', `Subject '${subjectId}' ${what}: register the person under a new subject id`, undefined, {
    subjectId,
    reason: refusal.reason,
  });
}
