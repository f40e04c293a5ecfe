import type { z } from 'zod';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * An RFC 9457 problem. It carries `statusCode`, `expose` and `headers` so that
 * @middy/http-error-handler turns it into the response as it is.
 */
export class HttpProblem extends Error {
  readonly expose = true;
  readonly headers = { 'Content-Type': 'application/problem+json' };

  constructor(
    readonly statusCode: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(JSON.stringify({ type: 'about:blank', title, status: statusCode, detail, errors, ...extensions }));
    this.name = 'HttpProblem';
  }
}

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    message: issue.message,
  }));
}

export const badRequest = (errors: FieldError[]) =>
  new HttpProblem(400, 'Bad Request', `Invalid ${errors.map((error) => error.field).join(', ')}`, errors);
export const notFound = (detail: string) => new HttpProblem(404, 'Not Found', detail);
export const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail);
export const unprocessable = (detail: string) => new HttpProblem(422, 'Unprocessable Content', detail);

/**
 * A disclosure the controller's published policy does not allow: 422, naming each rule it breaks and
 * quoting the policy sentence the rule comes from.
 */
export const policyRefusal = (controllerName: string, violations: readonly { rule: string; message: string; source: string }[]) =>
  new HttpProblem(
    422,
    'Not allowed by the privacy policy',
    `${violations.map((violation) => violation.message).join(' ')} The privacy policy of ${controllerName} says: ${violations
      .map((violation) => `"${violation.source}"`)
      .join(' ')} An exception needs override {reason, approvedBy} and the scope disclosures:override.`,
    undefined,
    { violations },
  );

/** What a caller sees when something unexpected failed: no internals, no data. */
export const INTERNAL_ERROR_BODY = JSON.stringify({
  type: 'about:blank',
  title: 'Internal Server Error',
  status: 500,
});
