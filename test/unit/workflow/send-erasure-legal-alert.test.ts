import { describe, expect, it } from 'vitest';
import type { StoredErasure } from '../../../shared/domain/erasure/erasure-request';
import type { ErasureState } from '../../../shared/domain/erasure/erasure-state';
import { renderErasureLegalAlert } from '../../../shared/domain/notice/erasure-legal-alert';
import type { ErasureLegalAlert } from '../../../shared/messages/pipeline-messages';
import { sendErasureLegalAlert, type ErasureLegalAlertDependencies } from '../../../shared/workflow/send-erasure-legal-alert';
import { CONTROLLER_ID, aProfile } from '../../helpers/factories';
import { FakeMailer, InMemoryErasureStore, fixedClock } from '../../helpers/fakes';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const RECEIVED_AT = '2027-01-31T10:00:00.000Z';
/** The 7-day reminder of a request due 1 March 2027, before that first due date. */
const NOW = '2027-02-22T23:00:00.000Z';

const stored = (overrides: Partial<StoredErasure> = {}): StoredErasure => ({
  request: { controllerId: CONTROLLER_ID, erasureId: ERASURE_ID, subjectId: 'alice', receivedAt: RECEIVED_AT, channel: 'post', dueDate: '2027-03-01', recordedAt: RECEIVED_AT },
  state: 'verified',
  dueDate: '2027-03-01',
  extendedMonths: 0,
  ...overrides,
});

const alert = (kind: ErasureLegalAlert['alert'], overrides: Partial<ErasureLegalAlert> = {}): ErasureLegalAlert => ({
  type: 'erasure-legal-alert',
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  workId: `${kind}#${ERASURE_ID}`,
  alert: kind,
  dueDate: '2027-03-01',
  ...overrides,
});

function alerter(request = stored(), now = NOW) {
  const mailer = new FakeMailer();
  const profile = aProfile({ defaultLocale: 'en' });
  const deps: ErasureLegalAlertDependencies = {
    erasures: new InMemoryErasureStore([request]),
    mailer,
    findProfile: (controllerId) => (controllerId === CONTROLLER_ID ? profile : undefined),
    clock: fixedClock(now),
    configurationSet: 'notices',
  };
  return { deps, mailer, profile };
}

describe('sendErasureLegalAlert', () => {
  it("mails the legal team, from the controller's sender, in the profile's default language, offering an extension while one is possible", async () => {
    // Prepare
    const { deps, mailer, profile } = alerter();

    // Act
    const result = await sendErasureLegalAlert(deps, alert('due-in-7-days'));

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.singles).toEqual([
      {
        from: `"${profile.sender.name}" <${profile.sender.address}>`,
        replyTo: [profile.sender.replyTo],
        to: 'legal@acme-care.example',
        ...renderErasureLegalAlert({
          profile,
          locale: 'en',
          alert: 'due-in-7-days',
          erasureId: ERASURE_ID,
          subjectId: 'alice',
          state: 'verified',
          receivedAt: RECEIVED_AT,
          dueDate: '2027-03-01',
          extendable: true,
        }),
        configurationSet: 'notices',
      },
    ]);
  });

  it('offers no extension once the deadline was extended by two months, nor after the first due date', async () => {
    const twice = alerter(stored({ dueDate: '2027-04-30', extendedMonths: 2 }), '2027-04-23T22:00:00.000Z');
    await sendErasureLegalAlert(twice.deps, alert('due-in-7-days', { dueDate: '2027-04-30' }));
    const late = alerter(stored(), '2027-03-02T00:00:00.000Z');
    await sendErasureLegalAlert(late.deps, alert('overdue'));

    for (const { mailer } of [twice, late]) {
      expect(mailer.singles).toHaveLength(1);
      expect(mailer.singles[0]!.text).not.toContain('/extension');
    }
    expect(twice.mailer.singles[0]!.text).toContain('The deadline can no longer be extended.');
  });

  it('drops a reminder of a due date an extension has moved since: the new one has reminders of its own', async () => {
    // Prepare
    const { deps, mailer } = alerter(stored({ dueDate: '2027-03-31', extendedMonths: 1 }));

    // Act
    const result = await sendErasureLegalAlert(deps, alert('due-in-1-day'));

    // Assess
    expect(result).toEqual({ sent: false });
    expect(mailer.singles).toEqual([]);
  });

  it.each<ErasureState>(['completed', 'lapsed', 'rejected'])('drops a deadline alert once the request is %s', async (state) => {
    // Prepare
    const { deps, mailer } = alerter(stored({ state }));

    // Act
    const results = [await sendErasureLegalAlert(deps, alert('due-in-7-days')), await sendErasureLegalAlert(deps, alert('overdue'))];

    // Assess
    expect(results).toEqual([{ sent: false }, { sent: false }]);
    expect(mailer.singles).toEqual([]);
  });

  it('reports a silent recipient by name even once the request completed: escalating it is what let the request complete', async () => {
    // Prepare
    const { deps, mailer } = alerter(stored({ state: 'completed' }));

    // Act
    const result = await sendErasureLegalAlert(deps, alert('recipient-escalated', { recipientId: 'nordhealth', recipientName: 'Nordhealth Software GmbH' }));

    // Assess
    expect(result).toEqual({ sent: true });
    expect(mailer.singles[0]!.subject).toBe(`Erasure request ${ERASURE_ID}: Nordhealth Software GmbH did not answer in 14 days`);
  });

  it('refuses a message for a controller or a request it does not know', async () => {
    const { deps } = alerter();
    await expect(sendErasureLegalAlert(deps, alert('overdue', { controllerId: 'someone-else' }))).rejects.toThrow('unknown controller');
    await expect(sendErasureLegalAlert(deps, alert('overdue', { erasureId: 'no-such-request' }))).rejects.toThrow('unknown erasure request');
  });
});
