import { describe, expect, it } from 'vitest';
import type { DisclosureBody } from '../../../shared/api/schemas';
import type { Recipient, Subject } from '../../../shared/domain/disclosure/disclosure';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { dsoft } from '../../../shared/domain/policy/profiles/dsoft';
import { etsoft } from '../../../shared/domain/policy/profiles/etsoft';
import { softmedex } from '../../../shared/domain/policy/profiles/softmedex';
import { softshop } from '../../../shared/domain/policy/profiles/softshop';
import type { PlanMessage } from '../../../shared/messages/pipeline-messages';
import { PLAN_DELAY_SECONDS, recordDisclosure, type RecordDisclosureDependencies } from '../../../shared/workflow/record-disclosure';
import { aSubject } from '../../helpers/factories';
import { InMemoryDisclosureStore, InMemoryRecipientStore, InMemorySubjectStore, RecordingQueue, SettableClock, fixedClock } from '../../helpers/fakes';

const NOW = '2026-11-24T10:00:00.000Z';
const DAY_MS = 24 * 3600_000;
const SHARDS = 16;
const later = (days: number) => new Date(Date.parse(NOW) + days * DAY_MS).toISOString();

/** The recipients every controller here knows: a buyer, the police, a processor in the EEA and one in the US. */
function recipientsOf(controllerId: string): Recipient[] {
  return [
    { controllerId, recipientId: 'buyer', name: 'Buyer B.V.', kind: 'acquirer', country: 'NL' },
    { controllerId, recipientId: 'police', name: 'Politie Eenheid Amsterdam', kind: 'authority', country: 'NL' },
    { controllerId, recipientId: 'processor-eu', name: 'Hosting GmbH', kind: 'processor', country: 'DE' },
    { controllerId, recipientId: 'processor-us', name: 'Cloud Inc.', kind: 'processor', country: 'US' },
    { controllerId, recipientId: 'courier', name: 'PostNL', kind: 'courier', country: 'NL' },
    { controllerId, recipientId: 'partner', name: 'Partner B.V.', kind: 'business_partner', country: 'NL' },
  ];
}

const ACTOR = { clientId: 'approver-client', sub: 'approver-client' };

function recorder(profile: PolicyProfile, subjects: readonly Subject[] = []) {
  const disclosures = new InMemoryDisclosureStore();
  const planQueue = new RecordingQueue<PlanMessage>();
  let ids = 0;
  const deps: RecordDisclosureDependencies = {
    subjects: new InMemorySubjectStore(subjects.map((subject) => ({ ...subject, controllerId: profile.controllerId }))),
    recipients: new InMemoryRecipientStore(recipientsOf(profile.controllerId)),
    disclosures,
    planQueue,
    audienceShards: SHARDS,
    clock: fixedClock(NOW),
    newId: () => `01KAQ3ZP6T6S4Q3V9W2X8Y7Z${String(++ids).padStart(2, '0')}`,
  };
  const record = (body: Partial<DisclosureBody>, { mayOverride = false, idempotencyKey }: { mayOverride?: boolean; idempotencyKey?: string } = {}) =>
    recordDisclosure(deps, { profile, body: { ...mergerBody(), ...body }, mayOverride, actor: ACTOR, ...(idempotencyKey ? { idempotencyKey } : {}) });
  /** Nothing of a disclosure was written: no state, no event, no timer, no plan. */
  const nothingWritten = () => {
    expect(disclosures.size).toBe(0);
    expect(disclosures.recordCalls).toEqual([]);
    expect(disclosures.timers.armings).toEqual([]);
    expect(planQueue.batches).toEqual([]);
  };
  return { deps, disclosures, planQueue, record, nothingWritten };
}

function mergerBody(): DisclosureBody {
  return {
    kind: 'merger_acquisition',
    recipientId: 'buyer',
    legalBasis: 'legitimate_interests',
    purpose: 'Sale of the customer base to Buyer B.V.',
    dataCategories: ['Name and contact details'],
    audience: { all: true },
  };
}

const override = { reason: 'Board decision 2026-11-20: the sale goes ahead', approvedBy: 'dpo@example.com' };

describe('recordDisclosure: a disclosure the policy allows', () => {
  it('records it with the notice mode of its profile, queues the plan of every shard, and arms no timer', async () => {
    // Prepare
    const { disclosures, planQueue, record } = recorder(softmedex);

    // Act
    const outcome = await record({});

    // Assess
    expect(outcome).toEqual({ outcome: 'recorded', disclosureId: '01KAQ3ZP6T6S4Q3V9W2X8Y7Z01', status: 'accepted' });
    expect(disclosures.current).toMatchObject({
      controllerId: 'softmedex',
      kind: 'merger_acquisition',
      recipient: { recipientId: 'buyer', name: 'Buyer B.V.', kind: 'acquirer', country: 'NL' },
      noticeMode: 'after',
      requiresPriorConsent: false,
      honoursOptOut: false,
      occurredAt: NOW,
      recordedAt: NOW,
    });
    expect(disclosures.current.exception).toBeUndefined();
    expect(planQueue.bodies).toEqual(
      Array.from({ length: SHARDS }, (_, shard) => ({ controllerId: 'softmedex', disclosureId: '01KAQ3ZP6T6S4Q3V9W2X8Y7Z01', phase: 'notify', part: { shard } })),
    );
    expect(planQueue.options).toEqual([{ delaySeconds: PLAN_DELAY_SECONDS }]);
    expect(disclosures.events.map((event) => event.type)).toEqual(['disclosure.recorded']);
    expect(disclosures.timers.armings).toEqual([]);
  });

  it.each([
    ['a Softshop courier handoff: no notice promised', softshop, { kind: 'order_fulfilment', recipientId: 'courier', legalBasis: 'contract' }, 'none', false, false],
    ['a Softmedex processor handoff: no notice promised', softmedex, { kind: 'processor_handoff', recipientId: 'processor-eu', legalBasis: 'contract' }, 'none', false, false],
    ['an ETSoft partner disclosure: consent needed, opt-out honoured', etsoft, { kind: 'business_partner', recipientId: 'partner', legalBasis: 'consent' }, 'none', true, true],
  ] as const)('takes the notice mode and the audience rules from the profile (%s)', async (_, profile, body, noticeMode, requiresPriorConsent, honoursOptOut) => {
    // Prepare
    const { disclosures, planQueue, record } = recorder(profile);

    // Act
    const outcome = await record(body);

    // Assess
    expect(outcome).toMatchObject({ outcome: 'recorded' });
    expect(disclosures.current).toMatchObject({ kind: body.kind, noticeMode, requiresPriorConsent, honoursOptOut });
    expect(planQueue.bodies.every((message) => message.phase === 'notify')).toBe(true);
  });

  it('plans the slices of an explicit list of known subjects', async () => {
    // Prepare
    const { planQueue, record } = recorder(softmedex, [aSubject('alice'), aSubject('bob')]);

    // Act
    const outcome = await record({ audience: { subjectIds: ['alice', 'bob'] } });

    // Assess
    expect(outcome).toMatchObject({ outcome: 'recorded' });
    expect(planQueue.bodies.map((message) => message.part)).toEqual([{ slice: 0, subjectIds: ['alice', 'bob'] }]);
  });
});

describe('recordDisclosure: a disclosure the policy does not allow', () => {
  it.each([
    ['Softshop recording a merger transfer', softshop, {}, 'disclosureRules.merger_acquisition', softshop.disclosureRules.merger_acquisition.source],
    [
      'D Soft sending to a recipient in the US',
      dsoft,
      { kind: 'processor_handoff', recipientId: 'processor-us', legalBasis: 'contract' },
      'internationalTransfers.outsideEea',
      dsoft.internationalTransfers.source,
    ],
    ['Softmedex sharing for third-party marketing', softmedex, { thirdPartyMarketing: true }, 'thirdPartyMarketing', softmedex.thirdPartyMarketing.source],
  ] as const)('is refused, naming the rule and quoting its source, and nothing is written (%s)', async (_, profile, body, rule, source) => {
    // Prepare
    const { record, nothingWritten } = recorder(profile);

    // Act
    const outcome = await record(body);

    // Assess
    expect(outcome).toEqual({ outcome: 'refused', violations: [{ rule, message: expect.any(String), source }] });
    expect(source.length).toBeGreaterThan(20);
    nothingWritten();
  });

  it('is refused as override-not-permitted when an override comes from a caller without the override scope', async () => {
    // Prepare
    const { record, nothingWritten } = recorder(softshop);

    // Act
    const outcome = await record({ override }, { mayOverride: false });

    // Assess
    expect(outcome).toEqual({
      outcome: 'override-not-permitted',
      violations: [{ rule: 'disclosureRules.merger_acquisition', message: expect.any(String), source: softshop.disclosureRules.merger_acquisition.source }],
    });
    nothingWritten();
  });

  it('is recorded as an approved exception, with an exception event, when the caller may override', async () => {
    // Prepare
    const { disclosures, planQueue, record } = recorder(softshop);

    // Act
    const outcome = await record({ override }, { mayOverride: true });

    // Assess
    expect(outcome).toMatchObject({ outcome: 'recorded', status: 'accepted' });
    expect(disclosures.current.exception).toEqual({ ...override, rules: ['disclosureRules.merger_acquisition'] });
    // A refused kind recorded as an exception is told after: subjects hear of it.
    expect(disclosures.current.noticeMode).toBe('after');
    expect(disclosures.events.map((event) => event.type)).toEqual(['disclosure.recorded', 'disclosure.exception_approved']);
    expect(disclosures.events[1]!.data).toEqual({
      ...override,
      violations: [{ rule: 'disclosureRules.merger_acquisition', message: expect.any(String), source: softshop.disclosureRules.merger_acquisition.source }],
      // The credential that approved, beside the name the body gives.
      approvedWith: ACTOR,
    });
    expect(disclosures.events[0]!.data).toMatchObject({ recordedBy: ACTOR });
    expect(planQueue.bodies).toHaveLength(SHARDS);
  });

  it('refuses an override of a disclosure the policy allows as invalid: there is nothing to override', async () => {
    // Prepare
    const { record, nothingWritten } = recorder(softmedex);

    // Act
    const outcome = await record({ override }, { mayOverride: true });

    // Assess
    expect(outcome).toEqual({ outcome: 'invalid', errors: [{ field: 'override', message: expect.stringContaining('nothing to override') }] });
    nothingWritten();
  });

  it('writes nothing for an unknown recipient or unknown subjects', async () => {
    // Prepare
    const { record, nothingWritten } = recorder(softmedex, [aSubject('alice')]);

    // Act
    const outcomes = [await record({ recipientId: 'nobody' }), await record({ audience: { subjectIds: ['alice', 'ghost'] } })];

    // Assess
    expect(outcomes).toEqual([{ outcome: 'unknown-recipient' }, { outcome: 'unknown-subjects', indexes: [1] }]);
    nothingWritten();
  });
});

describe('recordDisclosure: a transfer announced before it happens (ETSoft sale, 30 days)', () => {
  it('arms the intent and the execution timers and queues no plan while the intent notices are due later', async () => {
    // Prepare
    const { disclosures, planQueue, record } = recorder(etsoft);
    const plannedAt = later(40);

    // Act
    const outcome = await record({ plannedAt });

    // Assess
    expect(outcome).toMatchObject({ outcome: 'recorded', status: 'scheduled' });
    const { disclosureId } = disclosures.current;
    expect(disclosures.current).toMatchObject({ noticeMode: 'before', plannedAt, intentAt: later(10), occurredAt: plannedAt });
    expect(disclosures.timers.armed(disclosureId)).toEqual([
      { controllerId: 'etsoft', disclosureId, name: 'intent', dueAt: later(10) },
      { controllerId: 'etsoft', disclosureId, name: 'execute', dueAt: plannedAt },
    ]);
    expect(planQueue.batches).toEqual([]);
    expect(disclosures.phases).toEqual({ noticeMode: 'before' });
  });

  it('starts the intent phase at once when the intent notices are due now: plan phase intent, execution timer only', async () => {
    // Prepare
    const { disclosures, planQueue, record } = recorder(etsoft);
    const plannedAt = later(30);

    // Act
    const outcome = await record({ plannedAt });

    // Assess
    expect(outcome).toMatchObject({ outcome: 'recorded', status: 'announcing' });
    const { disclosureId } = disclosures.current;
    expect(disclosures.current.intentAt).toBe(NOW);
    expect(planQueue.bodies).toHaveLength(SHARDS);
    expect(planQueue.bodies.every((message) => message.phase === 'intent')).toBe(true);
    expect(disclosures.timers.armed(disclosureId)).toEqual([{ controllerId: 'etsoft', disclosureId, name: 'execute', dueAt: plannedAt }]);
    expect(disclosures.phases).toEqual({ noticeMode: 'before', intentStartedAt: NOW });
  });

  it('refuses a plannedAt closer than the objection days as invalid, writing nothing', async () => {
    // Prepare
    const { record, nothingWritten } = recorder(etsoft);

    // Act
    const outcome = await record({ plannedAt: later(29) });

    // Assess
    expect(outcome).toMatchObject({ outcome: 'invalid', errors: [{ field: 'plannedAt' }] });
    nothingWritten();
  });
});

describe('recordDisclosure: a law-enforcement disclosure under a non-disclosure order (Softmedex)', () => {
  const police = (until: string) => ({
    kind: 'law_enforcement' as const,
    recipientId: 'police',
    legalBasis: 'legal_obligation' as const,
    hold: { until, reason: 'Order of the public prosecutor', orderReference: 'OvJ-2026-77' },
  });

  it('records it deferred with its hold, queues the plan, and arms both reminders and the release', async () => {
    // Prepare
    const { disclosures, planQueue, record } = recorder(softmedex);
    const until = later(10);

    // Act
    const outcome = await record(police(until));

    // Assess
    expect(outcome).toMatchObject({ outcome: 'recorded', status: 'accepted' });
    const { disclosureId } = disclosures.current;
    expect(disclosures.current).toMatchObject({ noticeMode: 'deferred', hold: police(until).hold });
    expect(planQueue.bodies).toHaveLength(SHARDS);
    expect(planQueue.bodies.every((message) => message.phase === 'notify')).toBe(true);
    expect(disclosures.timers.armed(disclosureId)).toEqual([
      { controllerId: 'softmedex', disclosureId, name: 'hold-reminder-7d', dueAt: later(3) },
      { controllerId: 'softmedex', disclosureId, name: 'hold-reminder-1d', dueAt: later(9) },
      { controllerId: 'softmedex', disclosureId, name: 'release', dueAt: until },
    ]);
  });

  it('leaves out a reminder whose time has passed already', async () => {
    // Prepare
    const { disclosures, record } = recorder(softmedex);
    const until = later(3);

    // Act
    await record(police(until));

    // Assess
    expect(disclosures.timers.armed().map((timer) => [timer.name, timer.dueAt])).toEqual([
      ['hold-reminder-1d', later(2)],
      ['release', until],
    ]);
  });

  it('refuses a hold on a kind whose notice the policy does not let an order defer, writing nothing', async () => {
    // Prepare
    const { record, nothingWritten } = recorder(softmedex);

    // Act
    const outcome = await record({ hold: police(later(10)).hold });

    // Assess
    expect(outcome).toMatchObject({ outcome: 'invalid', errors: [{ field: 'hold' }] });
    nothingWritten();
  });
});

describe('recordDisclosure with an Idempotency-Key', () => {
  it('answers a retry with the disclosure recorded the first time, recording nothing new', async () => {
    // Prepare
    const { disclosures, record } = recorder(softmedex);
    const first = await record({}, { idempotencyKey: 'merger-2026' });

    // Act
    const again = await record({}, { idempotencyKey: 'merger-2026' });
    const other = await record({ purpose: 'Another purpose altogether' }, { idempotencyKey: 'merger-2026' });

    // Assess
    expect(again).toEqual(first);
    expect(other).toEqual({ outcome: 'idempotency-key-reused' });
    expect(disclosures.size).toBe(1);
  });

  it('refuses a replay of an approved exception to a caller who may not approve one', async () => {
    // Prepare: an approver recorded the exception.
    const { record } = recorder(softshop);
    const first = await record({ override }, { mayOverride: true, idempotencyKey: 'exception-1' });
    expect(first).toMatchObject({ outcome: 'recorded' });

    // Act: the same request, with the same key, from a client without disclosures:override.
    const replay = await record({ override }, { mayOverride: false, idempotencyKey: 'exception-1' });

    // Assess
    expect(replay).toMatchObject({ outcome: 'override-not-permitted' });
  });

  it('replays a retry that would no longer pass the checks: the clock moved past the objection window', async () => {
    // Prepare: an ETSoft sale planned just over 30 days ahead, recorded, then retried a day later.
    const clock = new SettableClock(NOW);
    const { deps, disclosures, planQueue } = recorder(etsoft);
    deps.clock = clock;
    const body = { ...mergerBody(), plannedAt: new Date(Date.parse(NOW) + 30 * DAY_MS + 60_000).toISOString() };
    const request = { profile: etsoft, body, mayOverride: false, actor: ACTOR, idempotencyKey: 'sale-2027' };
    const first = await recordDisclosure(deps, request);
    expect(first).toMatchObject({ outcome: 'recorded' });
    clock.set(new Date(Date.parse(NOW) + DAY_MS).toISOString());

    // Act
    const retry = await recordDisclosure(deps, request);

    // Assess
    expect(retry).toEqual(first);
    expect(disclosures.size).toBe(1);
    expect(planQueue.batches).toEqual([]);
  });
});
