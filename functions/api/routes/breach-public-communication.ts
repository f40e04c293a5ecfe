import type { PublicCommunicationDraftView } from '../../../shared/api/breach-public-communication-schemas';
import { breachNoticesProgress } from '../../../shared/domain/breach/breach-notice';
import { breachObligations } from '../../../shared/domain/breach/breach-obligations';
import { draftPublicCommunication } from '../../../shared/domain/notice/breach-public-communication';
import { notFound } from '../../../shared/http/problem';
import type { ApiDependencies } from '../dependencies';
import { authorizedController, json, pathParam, type ApiEvent, type ApiResult } from '../request';

/**
 * The public communication of a breach, drafted in each of the controller's languages (Art. 34(3)(c)): required when
 * the latest assessment exempts the breach from notices for disproportionate effort, advised when notices did not
 * reach some subjects (failed, suppressed, bounced), drafted either way for the controller to publish as it sees fit.
 */
export async function getBreachPublicCommunication(event: ApiEvent, deps: Pick<ApiDependencies, 'breaches' | 'breachNotices'>): Promise<ApiResult> {
  const profile = authorizedController(event);
  const breachId = pathParam(event, 'breachId');
  const stored = await deps.breaches.get(profile.controllerId, breachId);
  if (!stored) throw notFound(`Unknown breach '${breachId}'`);
  const required = breachObligations(stored).needed.includes('public-communication');
  const unreachable = stored.notices
    ? breachNoticesProgress(stored.notices.partsTotal, await deps.breachNotices.progress(profile.controllerId, breachId)).unreachable
    : undefined;
  const recorded = stored.publicCommunication;
  const view: PublicCommunicationDraftView = {
    breachId,
    required,
    reason: required ? 'disproportionate_effort' : (unreachable ?? 0) > 0 ? 'unreachable_subjects' : 'not_required',
    ...(unreachable === undefined ? {} : { unreachable }),
    ...(recorded
      ? { recorded: { publishedAt: recorded.publishedAt, channel: recorded.channel, ...(recorded.url ? { url: recorded.url } : {}), recordedAt: recorded.recordedAt } }
      : {}),
    drafts: Object.fromEntries(profile.languages.map((locale) => [locale, draftPublicCommunication({ profile, breach: stored, locale })])),
  };
  // Drafted from the legal team's texts as they stand now: never cached.
  return json(200, view, { 'Cache-Control': 'no-store' });
}
