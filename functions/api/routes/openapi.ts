import { buildOpenApiDocument } from '../../../shared/api/openapi';
import { json, type ApiResult } from '../request';

let document: object | undefined;

export async function getOpenApi(): Promise<ApiResult> {
  document ??= buildOpenApiDocument();
  return json(200, document);
}
