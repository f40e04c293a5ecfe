import type { SubjectStore } from '../adapters/dynamo/subject-store';
import { receiptDay } from '../domain/erasure/deadline';
import { assertDeadlineCountry } from '../domain/erasure/working-days';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { emailLookup } from '../domain/subject/email-lookup';
import type { PublicErasureRequest } from '../messages/pipeline-messages';
import { receiveErasure, type ReceiveErasureDependencies } from './receive-erasure';

export interface ReceivePublicErasureDependencies extends ReceiveErasureDependencies {
  subjects: Pick<SubjectStore, 'getMany' | 'findByEmailLookup'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  /** The link-signing key, which keys the address lookup (`emailLookup`). */
  linkSecret: () => Promise<Uint8Array>;
}

/**
 * An erasure request typed on the controller's website, found by the lookup key of the address typed. For each
 * subject registered at that address, a request `web`, made by that subject through the website, whose
 * verification email goes to the registered address; for an address nobody registered, nothing at all (no
 * item, no email), so the website's answer, the same either way, tells no one whether an address is known.
 *
 * One request per subject and receipt day: the Idempotency-Key `public#<subjectId>#<day>` makes a second
 * one that day a replay, with no second email. It names the subject rather than the address's lookup key, so
 * the claim, which stays, keeps nothing derived from the address once the subject is erased.
 *
 * A subject whose request is still open (not completed, lapsed or rejected) gets nothing new: no request, no
 * email, so the form cannot make the controller write to an address again and again. The open requests are
 * answered by id, for the log.
 */
export async function receivePublicErasure(
  deps: ReceivePublicErasureDependencies,
  message: PublicErasureRequest,
): Promise<{ erasureIds: string[]; alreadyOpen: string[] }> {
  const { controllerId, receivedAt } = message;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Public erasure request for an unknown controller');
  assertDeadlineCountry(profile.country);
  const found = await deps.subjects.findByEmailLookup(controllerId, message.emailLookup);
  const linkKey = await deps.linkSecret();
  // The index lags behind the table: a subject whose address changed since is not the one who asked.
  const subjects = [...(await deps.subjects.getMany(controllerId, found)).values()]
    .filter((subject) => emailLookup(linkKey, controllerId, subject.email) === message.emailLookup)
    .sort((a, b) => (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0));
  const day = receiptDay(receivedAt, profile.country);
  const erasureIds: string[] = [];
  const alreadyOpen: string[] = [];
  for (const { subjectId } of subjects) {
    const outcome = await receiveErasure(
      deps,
      profile,
      { subjectId, receivedAt, channel: 'web' },
      { subjectId, via: 'website' },
      `public#${subjectId}#${day}`,
    );
    // A second request that day has another receipt time: `idempotency-key-reused`, nothing recorded or sent.
    if (outcome.outcome === 'received') erasureIds.push(outcome.erasureId);
    if (outcome.outcome === 'subject-has-open-request') alreadyOpen.push(outcome.openErasureId);
  }
  return { erasureIds, alreadyOpen };
}
