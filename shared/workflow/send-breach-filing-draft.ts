import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { RecipientStore } from '../adapters/dynamo/recipient-store';
import type { Mailer } from '../adapters/ses/mailer';
import type { StoredBreach } from '../domain/breach/breach';
import { breachContactOf } from '../domain/breach/breach-contact';
import { breachObligations } from '../domain/breach/breach-obligations';
import { authorityFilingDraft } from '../domain/breach/filing-draft/filing-draft';
import type { Clock } from '../domain/clock';
import { renderBreachFilingEmail } from '../domain/notice/breach-filing-email';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { BreachFilingDraftMail } from '../messages/pipeline-messages';
import { BreachDecisionNotRecordedError } from './breach-decision-not-recorded';
import { breachMailRecorded } from './breach-mail-recorded';
import { mailBreachContacts } from './mail-breach-contacts';

export interface BreachFilingDraftDependencies {
  breaches: Pick<BreachStore, 'get' | 'events' | 'recordSent' | 'finishedWork' | 'completeWork'>;
  /** The breached recipient's name, for a breach at a recipient: the breach holds its id only. */
  recipients: Pick<RecipientStore, 'get'>;
  mailer: Pick<Mailer, 'sendOne'>;
  findProfile: (controllerId: string) => PolicyProfile | undefined;
  clock: Clock;
  configurationSet?: string;
}

/** A filing, or a supplement to it, still to make: one is needed (not assessed `none`) and none was withdrawn. */
function filingStillNeeded(breach: StoredBreach): boolean {
  return breachObligations(breach).needed.includes('filing') && !breach.filings.some((filing) => filing.phase === 'withdrawal');
}

/** The sequence number of the event a draft's decision appends, as its work id names it (`filing-draft#<seq>`). */
function decisionSeq(workId: string): number | undefined {
  const match = /^filing-draft#(\d+)$/.exec(workId);
  return match ? Number(match[1]) : undefined;
}

/**
 * Mails the drafted authority filing (Art. 33(3)) to the breach contact and the privacy address: the initial
 * filing after an assessment that needs one, the next supplement after each filing recorded. Drafted as the
 * breach stands when the mail goes, in the authority's default language; recorded as `breach.filing_draft_sent`,
 * once per work id. Dropped (nothing mailed) once no filing is needed any more: closed or withdrawn. Queued before
 * its decision is recorded: until the breach's events reach the one the work id names, it waits (throws).
 */
export async function sendBreachFilingDraft(deps: BreachFilingDraftDependencies, message: BreachFilingDraftMail): Promise<{ sent: boolean }> {
  const { controllerId, breachId, workId } = message;
  if (await deps.breaches.finishedWork(controllerId, breachId, workId)) return { sent: false };
  const profile = deps.findProfile(controllerId);
  if (!profile) throw new Error('Filing draft for an unknown controller');
  const stored = await deps.breaches.get(controllerId, breachId);
  if (!stored) throw new Error('Filing draft for an unknown breach');
  const eventSeq = decisionSeq(workId);
  if (eventSeq !== undefined && stored.seq < eventSeq) throw new BreachDecisionNotRecordedError();
  const now = deps.clock.now();
  const at = now.toISOString();
  const recorded = await breachMailRecorded(deps.breaches, controllerId, breachId, 'breach.filing_draft_sent', workId);
  if (recorded || !filingStillNeeded(stored)) {
    await deps.breaches.completeWork(controllerId, breachId, workId, at, { sent: recorded });
    return { sent: false };
  }
  const { source } = stored.report;
  const recipient = source.type === 'recipient' ? await deps.recipients.get(controllerId, source.recipientId) : undefined;
  const draft = authorityFilingDraft({ profile, breach: stored, now, ...(recipient ? { recipientName: recipient.name } : {}) });
  const email = renderBreachFilingEmail({ profile, draft, awareAt: stored.report.awareAt, now, contactName: breachContactOf(profile).name });
  const addresses = await mailBreachContacts(deps, profile, breachId, workId, email, at);
  await deps.breaches.recordSent(
    controllerId,
    breachId,
    'breach.filing_draft_sent',
    { workId, phase: draft.phase, language: draft.language, authorityCountry: draft.authority.country, addresses },
    at,
  );
  await deps.breaches.completeWork(controllerId, breachId, workId, at, { sent: true });
  return { sent: true };
}
