import { describe, expect, it } from 'vitest';
import type { StoredBreach } from '../../../shared/domain/breach/breach';
import { authorityFilingDraft } from '../../../shared/domain/breach/filing-draft/filing-draft';
import { renderBreachFilingEmail } from '../../../shared/domain/notice/breach-filing-email';
import type { BreachFilingDraftMail } from '../../../shared/messages/pipeline-messages';
import { BreachDecisionNotRecordedError } from '../../../shared/workflow/breach-decision-not-recorded';
import { sendBreachFilingDraft, type BreachFilingDraftDependencies } from '../../../shared/workflow/send-breach-filing-draft';
import { BREACH_ID, InMemoryBreachStore, aFiling, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { CONTROLLER_ID, aProfile } from '../../helpers/factories';
import { FakeMailer, InMemoryRecipientStore, fixedClock } from '../../helpers/fakes';

const NOW = '2026-12-01T12:05:00.000Z';
const DPO = { name: 'Mr. F. de Vries', email: 'fg@acme-care.example', source: 'Onze functionaris gegevensbescherming.' };

/** The draft the assessment recorded as event 2 queued (`filing-draft#2`). */
const message = (workId = 'filing-draft#2'): BreachFilingDraftMail => ({ type: 'breach-filing-draft', controllerId: CONTROLLER_ID, breachId: BREACH_ID, workId });

/** A breach whose assessment (event 2) needs a filing, as the store holds it once assessed. */
async function drafter(breach: StoredBreach = aStoredBreach(), assessment = anAssessment({ risk: 'high' })) {
  const breaches = new InMemoryBreachStore([breach]);
  await breaches.recordAssessment(CONTROLLER_ID, breach.report.breachId, assessment, 1);
  const mailer = new FakeMailer();
  const profile = aProfile({ breachContact: DPO });
  const deps: BreachFilingDraftDependencies = {
    breaches,
    recipients: new InMemoryRecipientStore([{ controllerId: CONTROLLER_ID, recipientId: 'nordhealth', name: 'Nordhealth Software GmbH', kind: 'processor', country: 'DE' }]),
    mailer,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    clock: fixedClock(NOW),
    configurationSet: 'notices',
  };
  const sent = async () => (await breaches.events(CONTROLLER_ID, BREACH_ID)).filter((event) => event.type === 'breach.filing_draft_sent');
  return { deps, breaches, mailer, profile, sent };
}

describe('sendBreachFilingDraft', () => {
  it('mails the draft, as the breach stands, to the breach contact and the privacy address, and records it once', async () => {
    // Prepare
    const { deps, breaches, mailer, profile, sent } = await drafter();

    // Act
    const result = await sendBreachFilingDraft(deps, message());

    // Assess
    expect(result).toEqual({ sent: true });
    const stored = (await breaches.get(CONTROLLER_ID, BREACH_ID))!;
    const draft = authorityFilingDraft({ profile, breach: stored, now: new Date(NOW) });
    const email = renderBreachFilingEmail({ profile, draft, awareAt: stored.report.awareAt, now: new Date(NOW), contactName: DPO.name });
    expect(mailer.singles.map(({ to, subject, text, html, from, configurationSet }) => ({ to, subject, text, html, from, configurationSet }))).toEqual(
      ['fg@acme-care.example', 'privacy@acme-care.example'].map((to) => ({ to, ...email, from: `"${profile.sender.name}" <${profile.sender.address}>`, configurationSet: 'notices' })),
    );
    expect(email.text).toContain('Beoordeeld als een hoog risico');
    expect((await sent()).map((event) => event.data)).toEqual([{ workId: 'filing-draft#2', phase: 'initial', language: 'nl', authorityCountry: 'NL', addresses: 2 }]);

    // A repeated message: nothing more.
    expect(await sendBreachFilingDraft(deps, message())).toEqual({ sent: false });
    expect(mailer.singles).toHaveLength(2);
    expect(await sent()).toHaveLength(1);
  });

  it('waits (throws) while the decision it was queued for is not recorded yet', async () => {
    const { deps, mailer } = await drafter();
    await expect(sendBreachFilingDraft(deps, message('filing-draft#3'))).rejects.toThrow(BreachDecisionNotRecordedError);
    expect(mailer.singles).toEqual([]);
  });

  it("names the breached recipient from the recipient's item", async () => {
    const { deps, mailer } = await drafter(aStoredBreach({}, { source: { type: 'recipient', recipientId: 'nordhealth' } }));
    await sendBreachFilingDraft(deps, message());
    expect(mailer.singles[0]!.text).toContain('bij een ontvanger van de gegevens (verwerker of derde): Nordhealth Software GmbH');
  });

  it('drafts the supplement after a filing, and drops the draft once the filing is withdrawn or the breach is assessed as no risk', async () => {
    // A filing recorded as event 3 queued `filing-draft#3`.
    const filed = await drafter();
    await filed.breaches.recordFiling(CONTROLLER_ID, BREACH_ID, aFiling(), { afterSeq: 2, filingsSoFar: [], lateByMinutes: 0 });
    await sendBreachFilingDraft(filed.deps, message('filing-draft#3'));
    expect(filed.mailer.singles[0]!.subject).toContain('Concept-aanvulling');

    const withdrawn = await drafter(aStoredBreach({ filings: [aFiling(), aFiling({ filingId: 'f2', phase: 'withdrawal' })] }));
    expect(await sendBreachFilingDraft(withdrawn.deps, message())).toEqual({ sent: false });
    const none = await drafter(aStoredBreach(), anAssessment({ risk: 'none' }));
    expect(await sendBreachFilingDraft(none.deps, message())).toEqual({ sent: false });
    for (const dropped of [withdrawn, none]) {
      expect(dropped.mailer.singles).toEqual([]);
      expect(await dropped.sent()).toEqual([]);
      expect(await dropped.breaches.finishedWork(CONTROLLER_ID, BREACH_ID, 'filing-draft#2')).toEqual({ result: { sent: false } });
    }
  });

  it('mails nobody again when the draft was recorded as sent but its work marker was lost', async () => {
    const { deps, breaches, mailer, sent } = await drafter();
    await breaches.recordSent(CONTROLLER_ID, BREACH_ID, 'breach.filing_draft_sent', { workId: 'filing-draft#2' }, NOW);
    expect(await sendBreachFilingDraft(deps, message())).toEqual({ sent: false });
    expect(mailer.singles).toEqual([]);
    expect(await sent()).toHaveLength(1);
  });
});
