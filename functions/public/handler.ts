import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DisclosureStore } from '../../shared/adapters/dynamo/disclosure-store';
import { createDocumentClient, requiredEnv } from '../../shared/adapters/dynamo/document-client';
import { SubjectStore } from '../../shared/adapters/dynamo/subject-store';
import { linkSecretFrom } from '../../shared/adapters/secrets/link-secret';
import { SqsQueuePublisher } from '../../shared/adapters/sqs/queue-publisher';
import { systemClock } from '../../shared/domain/clock';
import { verifyLink } from '../../shared/domain/links/signed-link';
import { noticeLocale } from '../../shared/domain/notice/notice-locale';
import { renderObjectionPage } from '../../shared/domain/notice/objection-page';
import { findProfile } from '../../shared/domain/policy/profiles';
import type { PublicRouteKey } from '../../shared/http/routes';
import { logger } from '../../shared/observability/logger';
import { objectionState, recordObjection, type ObjectionState } from '../../shared/workflow/record-objection';

const tableName = requiredEnv('TABLE_NAME');
const documentClient = createDocumentClient();
const disclosures = new DisclosureStore(documentClient, tableName);
const subjects = new SubjectStore(documentClient, tableName, Number(requiredEnv('AUDIENCE_SHARDS')));
const notifyQueue = new SqsQueuePublisher(new SQSClient({}), requiredEnv('NOTIFY_QUEUE_URL'));
const linkSecret = linkSecretFrom(requiredEnv('LINK_SECRET_ARN'));

type Result = APIGatewayProxyStructuredResultV2;

/** The page is personal: never cached, never framed, never indexed, and the token in its URL never sent on as a referrer. */
function page(statusCode: number, html: string): Result {
  return {
    statusCode,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    },
    body: html,
  };
}

/**
 * `/o/{token}`: a subject's objection to a transfer announced before it happens. GET shows the transfer
 * and a button; only the POST records (mail scanners follow links, they do not submit forms).
 */
async function objection(event: APIGatewayProxyEventV2): Promise<Result> {
  const token = event.pathParameters?.token ?? '';
  const now = systemClock.now();
  const claims = token.length <= 2048 ? await verifyLink(token, 'object', await linkSecret(), now) : undefined;
  const profile = claims && findProfile(claims.controllerId);
  if (!claims || !profile) return page(404, renderObjectionPage({ state: 'invalid' }));
  const { controllerId, disclosureId, subjectId } = claims;
  const submitted = (event.routeKey as PublicRouteKey) === 'POST /o/{token}';
  const state: ObjectionState = submitted
    ? await recordObjection({ disclosures, notifyQueue }, controllerId, disclosureId, subjectId, now)
    : await objectionState({ disclosures }, controllerId, disclosureId, subjectId, now);
  if (state.state === 'unknown') return page(404, renderObjectionPage({ state: 'invalid' }));
  if (state.state === 'recorded') logger.info('Objection recorded', { disclosureId });
  const subject = (await subjects.getMany(controllerId, [subjectId])).get(subjectId);
  const locale = noticeLocale(subject?.locale ?? profile.defaultLocale, profile);
  const common = { profile, disclosure: state.stored.disclosure, locale };
  switch (state.state) {
    case 'open':
      return page(200, renderObjectionPage({ state: 'confirm', ...common, formAction: `/o/${token}` }));
    case 'recorded':
      return page(200, renderObjectionPage({ state: 'recorded', ...common, objectedAt: state.objectedAt }));
    case 'already':
      return page(200, renderObjectionPage({ state: 'already', ...common, objectedAt: state.objectedAt }));
    case 'closed':
      return page(409, renderObjectionPage({ state: 'closed', ...common }));
  }
}

/** Public pages for subjects: no token other than the signed link; a failure answers a short text, never internals. */
export const handler = middy(async (event: APIGatewayProxyEventV2): Promise<Result> => {
  try {
    return await objection(event);
  } catch (error) {
    logger.error('Public request failed', { error: error instanceof Error ? error.name : 'unknown' });
    return {
      statusCode: 500,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      body: 'Er ging iets mis. Probeer het later opnieuw.\nSomething went wrong. Please try again later.\n',
    };
  }
}).use(injectLambdaContext(logger));
