import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { verifyLink } from '../../shared/domain/links/signed-link';
import { renderErasureVerificationPage } from '../../shared/domain/notice/erasure-verification-page';
import { noticeLocale } from '../../shared/domain/notice/notice-locale';
import { findProfile } from '../../shared/domain/policy/profiles';
import type { PublicRouteKey } from '../../shared/http/routes';
import { logger } from '../../shared/observability/logger';
import { confirmErasure, verificationState } from '../../shared/workflow/verify-erasure';
import type { PublicDependencies } from './dependencies';
import { page, type Result } from './page';

/**
 * `/v/{token}`: a subject confirms their erasure request through the link sent to their registered
 * address. GET shows what confirming does and a button; only the POST confirms.
 */
export async function verification(event: APIGatewayProxyEventV2, deps: PublicDependencies): Promise<Result> {
  const token = event.pathParameters?.token ?? '';
  const now = deps.clock.now();
  const claims = token.length <= 2048 ? await verifyLink(token, 'verify', await deps.linkSecret(), now) : undefined;
  const profile = claims && findProfile(claims.controllerId);
  if (!claims || !profile) return page(404, renderErasureVerificationPage({ state: 'invalid' }));
  const { controllerId, aggregateId: erasureId, subjectId } = claims;
  const submitted = (event.routeKey as PublicRouteKey) === 'POST /v/{token}';
  const state = submitted
    ? await confirmErasure(deps, controllerId, erasureId, subjectId, now)
    : await verificationState(deps, controllerId, erasureId, subjectId, now);
  if (state.state === 'unknown') return page(404, renderErasureVerificationPage({ state: 'invalid' }));
  if (state.state === 'confirmed') logger.info('Erasure request confirmed', { erasureId });
  const subject = (await deps.subjects.getMany(controllerId, [subjectId])).get(subjectId);
  const locale = noticeLocale(subject?.locale ?? profile.defaultLocale, profile);
  switch (state.state) {
    case 'open':
      return page(200, renderErasureVerificationPage({ state: 'confirm', profile, locale, formAction: `/v/${token}` }));
    case 'confirmed':
      return page(200, renderErasureVerificationPage({ state: 'confirmed', profile, locale, dueDate: state.stored.dueDate }));
    case 'already':
      return page(200, renderErasureVerificationPage({ state: 'already', profile, locale }));
    case 'closed':
      return page(409, renderErasureVerificationPage({ state: 'closed', profile, locale }));
  }
}
