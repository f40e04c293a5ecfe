import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { fullScope } from '../auth/scopes';
import { API_ROUTES, routeKey, type RouteKey } from '../http/routes';
import { filingDraftQuerySchema, filingDraftViewSchema } from './breach-filing-draft-schemas';
import { breachNoticesBodySchema, breachNoticesStartedViewSchema, breachNoticesViewSchema } from './breach-notice-schemas';
import { publicCommunicationDraftViewSchema } from './breach-public-communication-schemas';
import {
  breachAssessedViewSchema,
  breachAssessmentBodySchema,
  breachBodySchema,
  breachFiledViewSchema,
  breachFilingBodySchema,
  breachRegisteredViewSchema,
  breachSummaryViewSchema,
  breachViewSchema,
  publicCommunicationBodySchema,
  publicCommunicationRecordedViewSchema,
} from './breach-schemas';
import {
  disclosureBodySchema,
  disclosureViewSchema,
  erasureExtensionBodySchema,
  erasureIntakeBodySchema,
  erasureRejectionBodySchema,
  erasureExecutionBodySchema,
  erasureViewSchema,
  holdExtensionBodySchema,
  preferencesBodySchema,
  identifierSchema,
  idempotencyKeySchema,
  problemSchema,
  publicErasureBodySchema,
  recipientAnswerBodySchema,
  recipientBodySchema,
  subjectBatchBodySchema,
  subjectBodySchema,
  subjectDisclosureSchema,
  webhookSecretViewSchema,
} from './schemas';

/** What each route takes and answers; the OpenAPI document is generated from these same zod schemas. */
interface RouteContract {
  summary: string;
  body?: z.ZodType;
  headers?: z.ZodObject;
  query?: z.ZodObject;
  status: number;
  response?: z.ZodType;
  /** Media types the route answers in besides JSON, when asked (a `format` query). */
  alsoAs?: Record<string, z.ZodType>;
  responseHeaders?: Record<string, { description: string; schema: { type: 'string' } }>;
  /** Answers beyond the ones every guarded route has. */
  extraProblems?: Record<number, string>;
}

const contracts: Record<RouteKey, RouteContract> = {
  'PUT /v1/controllers/{controllerId}/subjects/{subjectId}': {
    summary: 'Create or replace a data subject',
    body: subjectBodySchema,
    status: 204,
    extraProblems: {
      409: "The subject's erasure has begun or is done (`reason` being_erased or erased): nothing was written; register the person under a new subject id",
    },
  },
  'POST /v1/controllers/{controllerId}/subjects/batch': {
    summary: 'Create or replace up to 1000 data subjects; those whose erasure has begun or is done are refused and named, the others written',
    body: subjectBatchBodySchema,
    status: 200,
    response: z.object({
      upserted: z.number().int(),
      refused: z.array(z.object({ subjectId: z.string(), reason: z.enum(['erased', 'being_erased']) })),
    }),
  },
  'PUT /v1/controllers/{controllerId}/recipients/{recipientId}': {
    summary: 'Create or replace a recipient',
    body: recipientBodySchema,
    status: 204,
  },
  'GET /v1/controllers/{controllerId}/recipients/{recipientId}/webhook-secret': {
    summary:
      "The secret the recipient's webhook calls are signed with (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature v1 = base64 HMAC-SHA256 of \"<id>.<timestamp>.<body>\"), to hand to the recipient; the same on every call until the link key is rotated",
    status: 200,
    response: webhookSecretViewSchema,
  },
  'POST /v1/controllers/{controllerId}/disclosures': {
    summary: 'Record a disclosure and notify its subjects',
    body: disclosureBodySchema,
    headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
    status: 202,
    response: z.object({ disclosureId: z.string(), status: z.string() }),
    responseHeaders: { Location: { description: 'The disclosure just recorded', schema: { type: 'string' } } },
    extraProblems: {
      422: 'The privacy policy does not allow this disclosure (each rule named, its source quoted), or the Idempotency-Key was used before for a different request',
    },
  },
  'POST /v1/controllers/{controllerId}/disclosures/{disclosureId}/hold': {
    summary: 'Extend the non-disclosure hold of a deferred disclosure, with the reason',
    body: holdExtensionBodySchema,
    status: 200,
    response: z.object({ disclosureId: z.string(), until: z.string() }),
    extraProblems: { 409: 'The disclosure is not held, or its hold has ended' },
  },
  'GET /v1/controllers/{controllerId}/disclosures/{disclosureId}/events': {
    summary: "A disclosure's evidence trail: its hash-chained events",
    status: 200,
    response: z.object({
      chainIntact: z.boolean(),
      items: z.array(z.object({ aggregateId: z.string(), seq: z.number().int(), type: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()), prevHash: z.string(), hash: z.string() })),
    }),
  },
  'PUT /v1/controllers/{controllerId}/subjects/{subjectId}/preferences': {
    summary: "Replace a subject's sharing preferences: prior consents and requests to stop sharing",
    body: preferencesBodySchema,
    status: 200,
    response: preferencesBodySchema.extend({ subjectId: z.string(), updatedAt: z.string() }),
  },
  'GET /v1/controllers/{controllerId}/subjects/{subjectId}/preferences': {
    summary: "A subject's sharing preferences and every change of them, oldest first (consent must be demonstrable, Art. 7(1))",
    status: 200,
    response: preferencesBodySchema.extend({
      subjectId: z.string(),
      history: z.array(z.object({ at: z.string(), preferences: preferencesBodySchema })),
    }),
  },
  'POST /v1/controllers/{controllerId}/erasures': {
    summary: 'Record an erasure request received by email, post or phone; the subject is asked to confirm it through their registered address',
    body: erasureIntakeBodySchema,
    headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
    status: 202,
    response: z.object({ erasureId: z.string(), state: z.string(), dueDate: z.string() }),
    responseHeaders: { Location: { description: 'The erasure request just recorded', schema: { type: 'string' } } },
    extraProblems: {
      409: 'The subject has an open erasure request (not completed, lapsed or rejected): its link is in the detail, its id in openErasureId',
      422: 'The Idempotency-Key was used before for a different request',
    },
  },
  'GET /v1/controllers/{controllerId}/erasures/{erasureId}': {
    summary: 'An erasure request: its state, due date (Art. 12(3)) and evidence trail',
    status: 200,
    response: erasureViewSchema,
  },
  'POST /v1/controllers/{controllerId}/erasures/{erasureId}/extension': {
    summary: 'Extend the deadline of an erasure request by 1 or 2 months (Art. 12(3)), before the first due date; the subject is told why (the reason is sent to the subject: name no one else in it)',
    body: erasureExtensionBodySchema,
    headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
    status: 200,
    response: z.object({ erasureId: z.string(), dueDate: z.string(), extendedMonths: z.number().int() }),
    extraProblems: { 409: 'The request is closed', 422: 'Past the first due date, or more than two months in all' },
  },
  'POST /v1/controllers/{controllerId}/erasures/{erasureId}/execution': {
    summary:
      "Carry out a verified erasure request, once the legal team has checked the grounds of Art. 17(3), legal holds and open disputes: the subject's own data is erased except what the profile's retention rules and the holds given keep (each listed with its rule and the day it may go), and every recipient that received the subject's data is asked to erase it (Art. 19); the subject is told when it is done (hold details are sent to the subject: name no one else in them)",
    body: erasureExecutionBodySchema,
    headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
    status: 202,
    response: z.object({ erasureId: z.string(), state: z.string(), retained: erasureViewSchema.shape.retained.unwrap() }),
    extraProblems: {
      409: 'The request is not verified (not yet confirmed, already being carried out, or closed)',
      422: "A retentionStarts category has no retention rule in the controller's profile, or the Idempotency-Key was used before for a different request",
    },
  },
  'POST /v1/controllers/{controllerId}/erasures/{erasureId}/rejection': {
    summary:
      'Refuse an erasure request (Art. 12(4)) on a ground of Art. 12(2), 12(5) or 17(3), before erasure has begun; the subject is told the ground in plain words, the reason, and that they can complain to the supervisory authority or go to court (the reason is sent to the subject: name no one else in it)',
    body: erasureRejectionBodySchema,
    headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
    status: 200,
    response: z.object({ erasureId: z.string(), state: z.literal('rejected'), rejection: erasureViewSchema.shape.rejection.unwrap() }),
    extraProblems: { 409: 'Erasure has begun, or the request is closed', 422: 'The Idempotency-Key was used before for a different request' },
  },
  'GET /v1/controllers/{controllerId}/policy': {
    summary: "The controller's policy profile: the rules every disclosure is checked against, with their sources",
    status: 200,
    response: z.record(z.string(), z.unknown()),
  },
  'GET /v1/controllers/{controllerId}/disclosures/{disclosureId}': {
    summary: 'A disclosure with its status and notice counts',
    status: 200,
    response: disclosureViewSchema,
  },
  'GET /v1/controllers/{controllerId}/subjects/{subjectId}/disclosures': {
    summary: "A subject's disclosures and their recipients (GDPR Art. 15(1)(c)); those held by a non-disclosure order only with includeHeld=true",
    query: z.object({ includeHeld: z.enum(['true', 'false']).optional() }),
    status: 200,
    response: z.object({ items: z.array(subjectDisclosureSchema) }),
  },
  'POST /v1/controllers/{controllerId}/breaches': {
    summary:
      'Register a personal-data breach (Art. 33(5): every breach, whatever follows); the 72 hours of Art. 33(1) run from awareAt, and the DPO is reminded at 24, 48, 60 and 70 hours while no filing is recorded',
    body: breachBodySchema,
    headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
    status: 201,
    response: breachRegisteredViewSchema,
    responseHeaders: { Location: { description: 'The breach just registered', schema: { type: 'string' } } },
    extraProblems: { 422: 'The Idempotency-Key was used before for a different request' },
  },
  'GET /v1/controllers/{controllerId}/breaches': {
    summary: "The controller's breach register, soonest deadline first, with hours left and what is outstanding; open=true lists only breaches with an obligation outstanding",
    query: z.object({ open: z.enum(['true', 'false']).optional() }),
    status: 200,
    response: z.object({ items: z.array(breachSummaryViewSchema) }),
  },
  'GET /v1/controllers/{controllerId}/breaches/{breachId}': {
    summary: 'A breach: its report, latest assessment, filings, the 72-hour clock, obligations outstanding, notices and public communication, and its evidence trail',
    status: 200,
    response: breachViewSchema,
  },
  'POST /v1/controllers/{controllerId}/breaches/{breachId}/assessment': {
    summary:
      'Record the risk assessment as the latest: none closes the breach with its reasoning (Art. 33(5)); risk needs a filing, whose draft goes to the DPO; high also needs subject notices unless an Art. 34(3) exemption is recorded (disproportionate_effort needs a public communication)',
    body: breachAssessmentBodySchema,
    status: 200,
    response: breachAssessedViewSchema,
    extraProblems: { 409: 'none after a filing (withdraw it first) or once subjects are being told' },
  },
  'POST /v1/controllers/{controllerId}/breaches/{breachId}/filings': {
    summary:
      "Record a filing made on the authority's form (Art. 33(4): initial, supplement, withdrawal): when, by whom, under which reference; a first filing after the 72 hours needs delayReasons, and its lateness is frozen",
    body: breachFilingBodySchema,
    headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
    status: 200,
    response: breachFiledViewSchema,
    extraProblems: {
      409: 'The phase does not follow the filings recorded (the first is initial; nothing after a withdrawal), or the breach is assessed as no risk',
      422: 'The Idempotency-Key was used before for a different request',
    },
  },
  'POST /v1/controllers/{controllerId}/breaches/{breachId}/public-communication': {
    summary: 'Record the public communication made about a high-risk breach (Art. 34(3)(c)), once',
    body: publicCommunicationBodySchema,
    status: 200,
    response: publicCommunicationRecordedViewSchema,
    extraProblems: { 409: 'The breach is not assessed as high risk, or a public communication is recorded already' },
  },
  'GET /v1/controllers/{controllerId}/breaches/{breachId}/filing-draft': {
    summary:
      "What to type on the lead supervisory authority's breach form, question by question, as the breach stands now: the AP's form (nl) or the GBA's (nl or fr), every Art. 33(3) element and, when late, the reasons for the delay; a fact not known yet says it follows in a supplement. As JSON, Markdown (format=markdown) or an HTML page (format=html)",
    query: filingDraftQuerySchema,
    status: 200,
    response: filingDraftViewSchema,
    alsoAs: { 'text/markdown': z.string(), 'text/html': z.string() },
  },
  'POST /v1/controllers/{controllerId}/breaches/{breachId}/notices': {
    summary:
      "Start the notices of a high-risk breach to its subjects (Art. 34), once: a list, a data category, all subjects, or for a breach at a recipient every subject whose data the ledger shows went there up to the breach (naming what went there); the words (Art. 34(2)) in each of the controller's languages. They go out in the background; their counts at the Location",
    body: breachNoticesBodySchema,
    status: 202,
    response: breachNoticesStartedViewSchema.extend({ links: z.object({ notices: z.string() }) }),
    responseHeaders: { Location: { description: "The notices' counts", schema: { type: 'string' } } },
    extraProblems: { 409: 'The latest assessment is not high risk, exempts the breach from notices (Art. 34(3)), or the notices were started already' },
  },
  'GET /v1/controllers/{controllerId}/breaches/{breachId}/notices': {
    summary:
      "How a breach's subject notices go: planned, sent, failed, suppressed, bounced, left out under a non-disclosure order, and whether a public communication is required (Art. 34(3)(c)) or advised (some subjects not reached)",
    status: 200,
    response: breachNoticesViewSchema,
  },
  'GET /v1/controllers/{controllerId}/breaches/{breachId}/public-communication': {
    summary:
      "The public communication of a breach (Art. 34(3)(c)), drafted in each of the controller's languages as title, text and HTML page with what Art. 34(2) requires: required when the breach is exempted from notices for disproportionate effort, advised when notices did not reach some subjects (failed, suppressed, bounced). Record it once published with POST .../public-communication",
    status: 200,
    response: publicCommunicationDraftViewSchema,
  },
  'GET /v1/openapi.json': { summary: 'This document', status: 200 },
};

export function buildOpenApiDocument(): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const route of API_ROUTES) {
    const contract = contracts[routeKey(route)];
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
    const problem = { content: { 'application/problem+json': { schema: problemSchema } } };
    registry.registerPath({
      method: route.method.toLowerCase() as 'get' | 'put' | 'post',
      path: route.path,
      summary: contract.summary,
      security: route.scope ? [{ [bearer.name]: [fullScope(route.scope)] }] : [],
      request: {
        ...(params.length ? { params: z.object(Object.fromEntries(params.map((name) => [name, identifierSchema]))) } : {}),
        ...(contract.headers ? { headers: contract.headers } : {}),
        ...(contract.query ? { query: contract.query } : {}),
        ...(contract.body ? { body: { content: { 'application/json': { schema: contract.body } } } } : {}),
      },
      responses: {
        [contract.status]: {
          description: 'Success',
          ...(contract.response
            ? {
                content: {
                  'application/json': { schema: contract.response },
                  ...Object.fromEntries(Object.entries(contract.alsoAs ?? {}).map(([mediaType, schema]) => [mediaType, { schema }])),
                },
              }
            : {}),
          ...(contract.responseHeaders ? { headers: contract.responseHeaders } : {}),
        },
        ...Object.fromEntries(
          Object.entries(contract.extraProblems ?? {}).map(([status, description]) => [status, { description, ...problem }]),
        ),
        ...(route.scope
          ? {
              400: { description: 'Invalid input; nothing was written', ...problem },
              401: { description: 'No valid token' },
              403: { description: 'The token lacks the scope or the controller', ...problem },
              404: { description: 'Unknown controller, subject, recipient or disclosure', ...problem },
            }
          : {}),
      },
    });
  }
  registerRecipientCallback(registry);
  registerPublicErasureIntake(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Disclosure Pipeline API', version: '1.0.0' },
  });
}

/** The callback a recipient's webhook call names: the signed token in the path is the credential, no bearer token. */
function registerRecipientCallback(registry: OpenAPIRegistry): void {
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
  registry.registerPath({
    method: 'post',
    path: '/v1/public/acks/{token}',
    summary: "A recipient's answer to an erasure notice (Art. 19): erased, not_held, or refused with a reason; the first answer counts",
    security: [],
    request: {
      params: z.object({ token: z.string() }),
      body: { content: { 'application/json': { schema: recipientAnswerBodySchema } } },
    },
    responses: {
      200: { description: 'Recorded', content: { 'application/json': { schema: z.object({ status: z.string(), answeredAt: z.string() }) } } },
      400: problem('Invalid answer (an unknown status, or refused without a reason); nothing was written'),
      404: problem('The link is invalid or has expired'),
      409: problem('Answered before: the recorded answer is in `answer`, and it stands'),
    },
  });
}

/** The erasure intake of a controller's website: no token; the same answer whether or not the address is known. */
function registerPublicErasureIntake(registry: OpenAPIRegistry): void {
  const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });
  registry.registerPath({
    method: 'post',
    path: '/v1/public/controllers/{controllerId}/erasures',
    summary:
      "An erasure request typed on the controller's website: if the address is registered, a request (channel web) is made and the subject asked to confirm it at that address, at most once a day; the answer is the same either way",
    security: [],
    request: {
      params: z.object({ controllerId: identifierSchema }),
      body: { content: { 'application/json': { schema: publicErasureBodySchema } } },
    },
    responses: {
      202: { description: 'Taken; the same answer whether or not the address is known', content: { 'application/json': { schema: z.object({ status: z.literal('accepted'), detail: z.string() }) } } },
      400: problem('Invalid input (the address, or a body that is not JSON); nothing was written'),
      404: problem('Unknown controller'),
      429: { description: 'Too many requests on this route' },
    },
  });
}
