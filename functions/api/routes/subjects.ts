import { subjectBatchBodySchema, subjectBodySchema } from '../../../shared/api/schemas';
import { badRequest } from '../../../shared/http/problem';
import type { ApiDependencies } from '../dependencies';

const BATCH_PATH_SEGMENT = 'batch';
import { authorizedController, json, noContent, parseBody, pathParam, type ApiEvent, type ApiResult } from '../request';

export async function putSubject(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const subjectId = pathParam(event, 'subjectId');
  // `.../subjects/batch` is the batch route's path: a subject of that id could never be told apart.
  if (subjectId === BATCH_PATH_SEGMENT) throw badRequest([{ field: 'subjectId', message: `'${BATCH_PATH_SEGMENT}' is reserved` }]);
  const body = parseBody(event, subjectBodySchema);
  await deps.subjects.upsert({ controllerId, subjectId, ...body }, deps.clock.now().toISOString());
  return noContent();
}

export async function postSubjectBatch(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const { subjects } = parseBody(event, subjectBatchBodySchema);
  await deps.subjects.upsertMany(
    subjects.map((subject) => ({ controllerId, ...subject })),
    deps.clock.now().toISOString(),
  );
  return json(200, { upserted: subjects.length });
}
