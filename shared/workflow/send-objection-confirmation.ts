import type { DisclosureStore } from '../adapters/dynamo/disclosure-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { Clock } from '../domain/clock';
import { noticeLocale } from '../domain/notice/notice-locale';
import { renderObjectionConfirmation } from '../domain/notice/objection-confirmation';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { mailFromController } from './mail-from-controller';
import type { ObjectionConfirmation } from '../messages/pipeline-messages';

export interface ObjectionConfirmationDependencies {
  disclosures: Pick<DisclosureStore, 'disclosure' | 'objectionsOf' | 'finishedWork' | 'completeWork'>;
  subjects: Pick<SubjectStore, 'getMany'>;
  mailer: Pick<Mailer, 'sendOne'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
  configurationSet?: string;
}

/**
 * The objection this confirmation is for is not recorded (yet): its confirmation is queued before the
 * objection is recorded, and the recording may still be under way, or may have failed.
 */
export class ObjectionNotRecordedError extends Error {
  constructor() {
    super('Confirmation of an objection that is not recorded');
    this.name = 'ObjectionNotRecordedError';
  }
}

/** Tells a subject, in their language, that their objection to a transfer was recorded. Once. */
export async function sendObjectionConfirmation(
  deps: ObjectionConfirmationDependencies,
  message: ObjectionConfirmation,
): Promise<{ sent: boolean }> {
  const { controllerId, disclosureId, subjectId, workId } = message;
  if (await deps.disclosures.finishedWork(controllerId, disclosureId, workId)) return { sent: false };
  const [disclosure, objections, subjects] = await Promise.all([
    deps.disclosures.disclosure(controllerId, disclosureId),
    deps.disclosures.objectionsOf(controllerId, disclosureId, [subjectId]),
    deps.subjects.getMany(controllerId, [subjectId]),
  ]);
  const profile = deps.findProfile(controllerId);
  const objection = objections.get(subjectId);
  if (!disclosure || !profile) throw new Error('Confirmation for an unknown disclosure or controller');
  if (!objection) throw new ObjectionNotRecordedError();
  const subject = subjects.get(subjectId);
  let sent = false;
  // A subject erased since objecting has no address left to confirm to.
  if (subject) {
    const email = renderObjectionConfirmation({
      profile,
      disclosure,
      locale: noticeLocale(subject.locale, profile),
      name: subject.name,
      objectedAt: objection.objectedAt,
    });
    await mailFromController(deps, profile, subject.email, email);
    sent = true;
  }
  await deps.disclosures.completeWork({ controllerId, disclosureId, workId, now: deps.clock.now().toISOString(), result: { sent } });
  return { sent };
}
