import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { verifyLink } from '../../shared/domain/links/signed-link';
import { noticeLocale } from '../../shared/domain/notice/notice-locale';
import { renderObjectionPage } from '../../shared/domain/notice/objection-page';
import { findProfile } from '../../shared/domain/policy/profiles';
import type { PublicRouteKey } from '../../shared/http/routes';
import { logger } from '../../shared/observability/logger';
import { objectionState, recordObjection, type ObjectionState } from '../../shared/workflow/record-objection';
import type { PublicDependencies } from './dependencies';
import { page, type Result } from './page';

/**
 * `/o/{token}`: a subject's objection to a transfer announced before it happens. GET shows the transfer
 * and a button; only the POST records (mail scanners follow links, they do not submit forms).
 */
export async function objection(event: APIGatewayProxyEventV2, deps: PublicDependencies): Promise<Result> {
  const token = event.pathParameters?.token ?? '';
  const now = deps.clock.now();
  const claims = token.length <= 2048 ? await verifyLink(token, 'object', await deps.linkSecret(), now) : undefined;
  const profile = claims && findProfile(claims.controllerId);
  if (!claims || !profile) return page(404, renderObjectionPage({ state: 'invalid' }));
  const { controllerId, aggregateId: disclosureId, subjectId } = claims;
  const submitted = (event.routeKey as PublicRouteKey) === 'POST /o/{token}';
  const state: ObjectionState = submitted
    ? await recordObjection(deps, controllerId, disclosureId, subjectId, now)
    : await objectionState(deps, controllerId, disclosureId, subjectId, now);
  if (state.state === 'unknown') return page(404, renderObjectionPage({ state: 'invalid' }));
  if (state.state === 'recorded') logger.info('Objection recorded', { disclosureId });
  const subject = (await deps.subjects.getMany(controllerId, [subjectId])).get(subjectId);
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
