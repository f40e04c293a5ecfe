import type { DisclosureStore } from '../adapters/dynamo/disclosure-store';
import type { RecipientStore } from '../adapters/dynamo/recipient-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { Timer } from '../adapters/dynamo/timer-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { DisclosureBody } from '../api/schemas';
import type { Clock } from '../domain/clock';
import type { Disclosure, Recipient } from '../domain/disclosure/disclosure';
import { disclosureStatus, type DisclosureStatus } from '../domain/disclosure/disclosure-status';
import { planParts } from '../domain/disclosure/plan-parts';
import type { Actor } from '../domain/evidence/actor';
import { hashRequest } from '../domain/evidence/request-hash';
import type { GuardFieldError, RuleViolation } from '../domain/policy/disclosure-guard';
import { evaluateDisclosure } from '../domain/policy/evaluate-disclosure';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { PlanPhase } from '../messages/pipeline-messages';
import { queuePlan } from './queue-plan';
import { holdTimers } from '../domain/timers/hold-timers';

export interface RecordDisclosureDependencies {
  subjects: Pick<SubjectStore, 'getMany'>;
  recipients: Pick<RecipientStore, 'get'>;
  disclosures: Pick<DisclosureStore, 'record' | 'get' | 'idempotencyClaim'>;
  planQueue: QueuePublisher;
  audienceShards: number;
  clock: Clock;
  newId: () => string;
}

export interface RecordDisclosureRequest {
  profile: PolicyProfile;
  body: DisclosureBody;
  idempotencyKey?: string;
  /** The caller holds `disclosures:override` and may approve an exception. */
  mayOverride: boolean;
  /** The credential that asks, as its token names it: kept in the evidence beside what the body claims. */
  actor: Actor;
}


export type RecordDisclosureOutcome =
  | { outcome: 'recorded'; disclosureId: string; status: DisclosureStatus }
  | { outcome: 'unknown-recipient' }
  | { outcome: 'invalid'; errors: GuardFieldError[] }
  | { outcome: 'unknown-subjects'; indexes: number[] }
  | { outcome: 'refused'; violations: RuleViolation[] }
  | { outcome: 'override-not-permitted'; violations: RuleViolation[] }
  | { outcome: 'idempotency-key-reused' };

export { PLAN_DELAY_SECONDS } from './queue-plan';

/** Clocks differ a little: an `occurredAt` this far ahead of ours still counts as now. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Records a disclosure the controller's policy allows (or one approved as an exception) and starts what
 * its notice mode needs now: the plan of its audience, or timers for later. Everything is checked before
 * anything is written. Plan messages are queued first and the disclosure recorded after (with its first
 * events, its timers and its idempotency key, in one transaction): a disclosure is never recorded without
 * its plan queued, and messages queued for a disclosure that failed to record are dropped by the planner.
 */
export async function recordDisclosure(deps: RecordDisclosureDependencies, request: RecordDisclosureRequest): Promise<RecordDisclosureOutcome> {
  const { profile, body, idempotencyKey } = request;
  const { controllerId } = profile;
  const nowDate = deps.clock.now();
  const hash = hashRequest(body);
  // A retry replays what the first request recorded, whatever changed since (the clock, the recipient, the
  // audience): it is checked again only if the first one never got recorded.
  const earlier = idempotencyKey ? await deps.disclosures.idempotencyClaim(controllerId, idempotencyKey) : undefined;
  // Replaying an exception still takes the right to approve one.
  if (earlier && body.override && !request.mayOverride) return { outcome: 'override-not-permitted', violations: [] };
  if (earlier) {
    if (earlier.requestHash !== hash) return { outcome: 'idempotency-key-reused' };
    // Queued again: planning skips every page it has done, and mails no one twice.
    const stored = await deps.disclosures.get(controllerId, earlier.disclosureId);
    const phase = stored && phaseStartedAtRecording(stored.disclosure, stored.phases.intentStartedAt !== undefined);
    if (stored && phase) await queuePlan(deps, controllerId, earlier.disclosureId, planParts(stored.audience, deps.audienceShards), phase);
    return recorded(deps, controllerId, earlier.disclosureId);
  }

  const recipient = await deps.recipients.get(controllerId, body.recipientId);
  if (!recipient) return { outcome: 'unknown-recipient' };

  const decision = evaluateDisclosure(
    profile,
    {
      kind: body.kind,
      legalBasis: body.legalBasis,
      recipient: { kind: recipient.kind, country: recipient.country },
      transferMechanism: body.transferMechanism,
      thirdPartyMarketing: body.thirdPartyMarketing,
      plannedAt: body.plannedAt,
      occurredAt: body.occurredAt,
      hold: body.hold,
    },
    nowDate,
  );
  const errors = [...decision.fieldErrors];
  // A notice tells subjects their data *was* shared; a transfer still to come is announced with `plannedAt`.
  if (body.occurredAt && Date.parse(body.occurredAt) > nowDate.getTime() + CLOCK_SKEW_MS) {
    errors.push({ field: 'occurredAt', message: 'must not be in the future; announce a transfer still to come with plannedAt' });
  }
  if (body.override && decision.violations.length === 0) {
    errors.push({ field: 'override', message: 'the policy allows this disclosure: there is nothing to override' });
  }
  if (errors.length > 0) return { outcome: 'invalid', errors };
  if ('subjectIds' in body.audience) {
    const known = await deps.subjects.getMany(controllerId, body.audience.subjectIds);
    const indexes = body.audience.subjectIds.flatMap((subjectId, index) => (known.has(subjectId) ? [] : [index]));
    if (indexes.length > 0) return { outcome: 'unknown-subjects', indexes };
  }
  if (decision.violations.length > 0) {
    if (!body.override) return { outcome: 'refused', violations: decision.violations };
    if (!request.mayOverride) return { outcome: 'override-not-permitted', violations: decision.violations };
  }

  const parts = planParts(body.audience, deps.audienceShards);
  const now = nowDate.toISOString();
  const { treatment } = decision;
  const disclosure: Disclosure = {
    controllerId,
    disclosureId: deps.newId(),
    kind: body.kind,
    recipient: snapshot(recipient),
    legalBasis: body.legalBasis,
    purpose: body.purpose,
    dataCategories: body.dataCategories,
    occurredAt: iso(body.plannedAt ?? body.occurredAt) ?? now,
    recordedAt: now,
    noticeMode: treatment.noticeMode,
    requiresPriorConsent: treatment.requiresPriorConsent,
    honoursOptOut: treatment.honoursOptOut,
    ...(body.reference ? { reference: body.reference } : {}),
    ...(body.plannedAt ? { plannedAt: iso(body.plannedAt) } : {}),
    ...(treatment.intentAt ? { intentAt: treatment.intentAt } : {}),
    ...(treatment.noticeMode === 'deferred' && body.hold ? { hold: { ...body.hold, until: iso(body.hold.until)! } } : {}),
    ...(body.transferMechanism ? { transferMechanism: body.transferMechanism } : {}),
    ...(body.thirdPartyMarketing !== undefined ? { thirdPartyMarketing: body.thirdPartyMarketing } : {}),
    ...(body.override ? { exception: { ...body.override, rules: decision.violations.map((violation) => violation.rule) } } : {}),
  };
  const intentStartsNow = disclosure.noticeMode === 'before' && Date.parse(disclosure.intentAt!) <= nowDate.getTime();
  const phase = phaseStartedAtRecording(disclosure, intentStartsNow);
  if (phase) await queuePlan(deps, controllerId, disclosure.disclosureId, parts, phase);
  const outcome = await deps.disclosures.record({
    disclosure,
    audience: body.audience,
    partsTotal: parts.length,
    idempotency: idempotencyKey ? { key: idempotencyKey, requestHash: hash } : undefined,
    recordedBy: request.actor,
    moreEvents: body.override
      ? [{ type: 'disclosure.exception_approved', data: { ...body.override, violations: decision.violations, approvedWith: request.actor } }]
      : [],
    timers: timersOf(disclosure, intentStartsNow, nowDate),
    phases: intentStartsNow ? { intentStartedAt: now } : {},
  });
  if (outcome.recorded) return recorded(deps, controllerId, disclosure.disclosureId);
  // A concurrent request with the same key recorded first; the plan just queued is for nothing and dropped.
  if (!outcome.sameRequest) return { outcome: 'idempotency-key-reused' };
  return recorded(deps, controllerId, outcome.existingDisclosureId);
}

/** The planning a disclosure starts with as soon as it is recorded, if any. */
function phaseStartedAtRecording(disclosure: Disclosure, intentStarted: boolean): PlanPhase | undefined {
  if (disclosure.noticeMode !== 'before') return 'notify';
  return intentStarted ? 'intent' : undefined;
}

/** What the sweeper must do later: announce and execute a transfer, or remind of and release a hold. */
function timersOf(disclosure: Disclosure, intentStartsNow: boolean, now: Date): Timer[] {
  const { controllerId, disclosureId } = disclosure;
  if (disclosure.noticeMode === 'before') {
    return [
      ...(intentStartsNow ? [] : [{ controllerId, disclosureId, name: 'intent' as const, dueAt: disclosure.intentAt! }]),
      { controllerId, disclosureId, name: 'execute', dueAt: disclosure.plannedAt! },
    ];
  }
  if (disclosure.noticeMode === 'deferred') return holdTimers(controllerId, disclosureId, disclosure.hold!.until, now);
  return [];
}

async function recorded(deps: RecordDisclosureDependencies, controllerId: string, disclosureId: string): Promise<RecordDisclosureOutcome> {
  const stored = await deps.disclosures.get(controllerId, disclosureId);
  return { outcome: 'recorded', disclosureId, status: stored ? disclosureStatus(stored.progress, stored.phases) : 'accepted' };
}

function snapshot(recipient: Recipient): Disclosure['recipient'] {
  return { recipientId: recipient.recipientId, name: recipient.name, kind: recipient.kind, country: recipient.country };
}

function iso(value: string | undefined): string | undefined {
  return value === undefined ? undefined : new Date(value).toISOString();
}
