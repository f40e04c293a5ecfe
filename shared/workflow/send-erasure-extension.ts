import type { ErasureStore } from '../adapters/dynamo/erasure-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Mailer } from '../adapters/ses/mailer';
import { renderErasureExtension } from '../domain/notice/erasure-extension';
import { noticeLocale } from '../domain/notice/notice-locale';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { ErasureExtensionNotice } from '../messages/pipeline-messages';
import { mailFromController } from './mail-from-controller';
import { ErasureNotRecordedError } from './send-erasure-verification';

export interface ErasureExtensionDependencies {
  erasures: Pick<ErasureStore, 'get' | 'events'>;
  subjects: Pick<SubjectStore, 'getMany'>;
  mailer: Pick<Mailer, 'sendOne'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  configurationSet?: string;
}

/**
 * Tells the subject, in their language and at their registered address, that the deadline of their
 * erasure request was extended, to when and why. The notice is queued before the extension is recorded:
 * one whose extension is not (yet) recorded fails, and the sender drops it after a few tries.
 */
export async function sendErasureExtension(deps: ErasureExtensionDependencies, message: ErasureExtensionNotice): Promise<{ sent: boolean }> {
  const { controllerId, erasureId, dueDate } = message;
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Extension notice for an unknown controller');
  const [stored, events] = await Promise.all([deps.erasures.get(controllerId, erasureId), deps.erasures.events(controllerId, erasureId)]);
  const extension = events.find((event) => event.type === 'erasure.extended' && event.data.dueDate === dueDate);
  // The reason the subject reads stays on the state item; the event, its proof, keeps its hash.
  const told = stored?.extensions?.find((candidate) => candidate.dueDate === dueDate);
  if (!stored || !extension || !told) throw new ErasureNotRecordedError();
  // No reason on it any more: the request completed and its free text is gone, long after this notice was due.
  if (told.reason === undefined) return { sent: false };
  const subject = (await deps.subjects.getMany(controllerId, [stored.request.subjectId])).get(stored.request.subjectId);
  // A subject no longer known has no registered address to tell.
  if (!subject) return { sent: false };
  const email = renderErasureExtension({
    profile,
    locale: noticeLocale(subject.locale, profile),
    name: subject.name,
    receivedOn: stored.request.receivedAt,
    previousDueDate: extension.data.previousDueDate as string,
    dueDate,
    reason: told.reason,
  });
  await mailFromController(deps, profile, subject.email, email);
  return { sent: true };
}
