import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { RejectionGround } from '../domain/erasure/erasure-rejection';
import { renderErasureRejection } from '../domain/notice/erasure-rejection';
import { noticeLocale } from '../domain/notice/notice-locale';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { ErasureRejectionNotice } from '../messages/pipeline-messages';
import { mailFromController } from './mail-from-controller';
import { ErasureNotRecordedError } from './send-erasure-verification';

export interface ErasureRejectionDependencies {
  erasures: Pick<ErasureStore, 'get' | 'events'>;
  subjects: Pick<SubjectStore, 'getMany'>;
  mailer: Pick<Mailer, 'sendOne'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  configurationSet?: string;
}

/**
 * Tells the subject, in their language and at their registered address, that their erasure request was
 * refused, on which ground and why, and that they can complain to the supervisory authority or go to court
 * (Art. 12(4)). The notice is queued before the rejection is recorded: one whose rejection is not (yet)
 * recorded fails, and the sender drops it after a few tries.
 */
export async function sendErasureRejection(deps: ErasureRejectionDependencies, message: ErasureRejectionNotice): Promise<{ sent: boolean }> {
  const { controllerId, erasureId } = message;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Rejection notice for an unknown controller');
  const [stored, events] = await Promise.all([deps.erasures.get(controllerId, erasureId), deps.erasures.events(controllerId, erasureId)]);
  // The evidence says what was decided: the notice tells exactly that.
  const rejection = events.find((event) => event.type === 'erasure.rejected');
  // The reason the subject reads stays on the state item; the event, its proof, keeps its hash.
  if (!stored?.rejection || !rejection) throw new ErasureNotRecordedError();
  const subject = (await deps.subjects.getMany(controllerId, [stored.request.subjectId])).get(stored.request.subjectId);
  // A subject no longer known has no registered address to tell.
  if (!subject) return { sent: false };
  const email = renderErasureRejection({
    profile,
    locale: noticeLocale(subject.locale, profile),
    name: subject.name,
    receivedOn: stored.request.receivedAt,
    ground: rejection.data.ground as RejectionGround,
    reason: stored.rejection.reason,
  });
  await mailFromController(deps, profile, subject.email, email);
  return { sent: true };
}
