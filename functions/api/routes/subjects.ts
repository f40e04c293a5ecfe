import { subjectBatchBodySchema, subjectBodySchema } from '../../../shared/api/schemas';
import type { ApiDependencies } from '../dependencies';
import { authorizedController, json, noContent, parseBody, pathParam, type ApiEvent, type ApiResult } from '../request';

export async function putSubject(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const { controllerId } = authorizedController(event);
  const subjectId = pathParam(event, 'subjectId');
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
