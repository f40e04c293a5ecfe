import { describe, expect, it } from 'vitest';
import type { BreachReport } from '../../../shared/domain/breach/breach';
import { freeTextSha256 } from '../../../shared/domain/evidence/free-text-hash';
import { verifyChain } from '../../../shared/domain/evidence/hash-chain';
import { registerBreach, type BreachIntake, type RegisterBreachDependencies } from '../../../shared/workflow/register-breach';
import { InMemoryBreachStore, aBreachReport } from '../../helpers/breach-fakes';
import { CONTROLLER_ID, aProfile } from '../../helpers/factories';
import { InMemoryRecipientStore, fixedClock } from '../../helpers/fakes';

const BREACH_ID = '01KB7BREACHREGISTERED00001';
const NOW = '2026-12-01T09:00:00.000Z';
const DPO = { clientId: 'legal-console', sub: 'dpo-1' };

function intakeOf(overrides: Partial<BreachIntake> = {}): BreachIntake {
  const { controllerId: _c, breachId: _b, recordedAt: _r, recordedBy: _by, ...intake } = aBreachReport();
  return { ...intake, ...overrides };
}

function registrar(now = NOW) {
  const breaches = new InMemoryBreachStore();
  const recipients = new InMemoryRecipientStore([{ controllerId: CONTROLLER_ID, recipientId: 'mailhouse', name: 'Mailhouse B.V.', kind: 'processor', country: 'NL' }]);
  let ids = 0;
  const deps: RegisterBreachDependencies = { breaches, recipients, clock: fixedClock(now), newId: () => (ids++ === 0 ? BREACH_ID : `${BREACH_ID}-${ids}`) };
  const register = (intake: BreachIntake = intakeOf(), key?: string) => registerBreach(deps, aProfile(), intake, DPO, key);
  return { breaches, register };
}

describe('registerBreach', () => {
  it('registers the breach with its first event, free text only as hashes, and arms the DPO reminders of the 72 hours', async () => {
    // Prepare
    const { breaches, register } = registrar();

    // Act
    const outcome = await register();

    // Assess
    const report: BreachReport = { ...aBreachReport(), breachId: BREACH_ID, recordedAt: NOW, recordedBy: DPO };
    expect(outcome).toEqual({ outcome: 'registered', report });
    expect(await breaches.get(CONTROLLER_ID, BREACH_ID)).toEqual({ report, filings: [], seq: 1 });
    const events = await breaches.events(CONTROLLER_ID, BREACH_ID);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'breach.registered', at: NOW });
    expect(events[0]!.data).toMatchObject({ descriptionSha256: freeTextSha256(report.description), measuresTakenSha256: freeTextSha256(report.measuresTaken) });
    expect(JSON.stringify(events[0]!.data)).not.toContain(report.description);
    expect(verifyChain(events)).toBe(true);
    // Aware at 08:00 on 1 December: reminders at 24, 48, 60 and 70 hours, the overdue alert just past 72.
    expect(breaches.timers.armed(BREACH_ID).map(({ name, dueAt }) => [name, dueAt])).toEqual([
      ['filing-reminder-24h', '2026-12-02T08:00:00.000Z'],
      ['filing-reminder-48h', '2026-12-03T08:00:00.000Z'],
      ['filing-reminder-60h', '2026-12-03T20:00:00.000Z'],
      ['filing-reminder-70h', '2026-12-04T06:00:00.000Z'],
      ['filing-overdue', '2026-12-04T08:00:00.001Z'],
    ]);
  });

  it('leaves out the reminders whose hour passed before the breach was registered', async () => {
    const { breaches, register } = registrar('2026-12-03T12:00:00.000Z');
    await register();
    expect(breaches.timers.armed(BREACH_ID).map(({ name }) => name)).toEqual(['filing-reminder-60h', 'filing-reminder-70h', 'filing-overdue']);
  });

  it('answers a retry with the same Idempotency-Key with the breach registered the first time, and a different request with it as reused', async () => {
    const { breaches, register } = registrar();
    const first = await register(intakeOf(), 'key-1');
    expect(await register(intakeOf(), 'key-1')).toEqual(first);
    expect(breaches.size).toBe(1);
    expect(await register(intakeOf({ approxSubjects: 5 }), 'key-1')).toEqual({ outcome: 'idempotency-key-reused' });
    expect(breaches.size).toBe(1);
  });

  it('registers a breach at a recipient the controller knows, and refuses an unknown one, writing nothing', async () => {
    const { breaches, register } = registrar();
    expect(await register(intakeOf({ source: { type: 'recipient', recipientId: 'nobody' } }))).toEqual({ outcome: 'unknown-recipient', recipientId: 'nobody' });
    expect(breaches.size).toBe(0);
    expect(await register(intakeOf({ source: { type: 'recipient', recipientId: 'mailhouse' } }))).toMatchObject({
      outcome: 'registered',
      report: { source: { type: 'recipient', recipientId: 'mailhouse' } },
    });
  });

  it('refuses awareness in the future and a breach that happened after awareness, writing nothing', async () => {
    const { breaches, register } = registrar();
    expect(await register(intakeOf({ awareAt: '2026-12-01T09:30:00.000Z' }))).toEqual({
      outcome: 'refused',
      refusal: { kind: 'invalid', field: 'awareAt', message: 'must not be in the future' },
    });
    expect(await register(intakeOf({ occurredAt: '2026-12-01T08:00:01.000Z' }))).toMatchObject({ outcome: 'refused', refusal: { field: 'occurredAt' } });
    expect(breaches.size).toBe(0);
    expect(breaches.timers.armed()).toEqual([]);
  });

  it('keeps the times it is given as UTC instants', async () => {
    const { register } = registrar();
    const outcome = await register(intakeOf({ awareAt: '2026-12-01T09:00:00+01:00', occurredAt: '2026-11-30T23:00:00+01:00' }));
    expect(outcome).toMatchObject({ report: { awareAt: '2026-12-01T08:00:00.000Z', occurredAt: '2026-11-30T22:00:00.000Z' } });
  });
});
