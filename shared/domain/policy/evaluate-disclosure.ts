import type { NoticeMode } from '../disclosure/disclosure';
import type { DisclosureRequest, DisclosureTreatment, GuardDecision, GuardFieldError, RuleViolation } from './disclosure-guard';
import { isInEea } from './eea';
import type { AllowedDisclosureRule, PolicyProfile } from './policy-profile';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Holds a disclosure against the controller's published policy. `violations` are rules it breaks (it
 * may still be recorded, as an approved exception); `fieldErrors` are fields that cannot work under
 * this profile whatever is approved; `treatment` is how it is kept if recorded. Pure: `now` is given.
 */
export function evaluateDisclosure(profile: PolicyProfile, request: DisclosureRequest, now: Date): GuardDecision {
  const rule = profile.disclosureRules[request.kind];
  const allowed = rule.allowed ? rule : undefined;
  return {
    fieldErrors: [...timingErrors(profile, allowed, request, now), ...holdErrors(profile, allowed, request, now)],
    violations: [
      ...kindViolations(profile, request),
      ...transferViolations(profile, request),
      ...marketingViolations(profile, request),
    ],
    treatment: treatmentOf(profile, allowed, request),
  };
}

// --- violations -------------------------------------------------------------------------------------

function kindViolations(profile: PolicyProfile, request: DisclosureRequest): RuleViolation[] {
  const { kind, legalBasis } = request;
  const rule = profile.disclosureRules[kind];
  const path = `disclosureRules.${kind}`;
  if (!rule.allowed) {
    return [{ rule: path, message: `The policy of ${profile.legalName} does not allow disclosures of kind ${kind}`, source: rule.source }];
  }
  const violations: RuleViolation[] = [];
  if (!rule.legalBases.includes(legalBasis)) {
    violations.push({
      rule: `${path}.legalBases`,
      message: `The policy of ${profile.legalName} allows disclosures of kind ${kind} only on the legal basis ${oneOf(rule.legalBases)}, not ${legalBasis}`,
      source: rule.source,
    });
  }
  if (!rule.recipientKinds.includes(request.recipient.kind)) {
    violations.push({
      rule: `${path}.recipientKinds`,
      message: `The policy of ${profile.legalName} allows disclosures of kind ${kind} only to a recipient of kind ${oneOf(rule.recipientKinds)}, not ${request.recipient.kind}`,
      source: rule.source,
    });
  }
  return violations;
}

function transferViolations(profile: PolicyProfile, request: DisclosureRequest): RuleViolation[] {
  const { country } = request.recipient;
  if (isInEea(country)) return []; // A transfer mechanism given for an EEA recipient is simply not needed.
  const transfers = profile.internationalTransfers;
  if (transfers.outsideEea === 'never') {
    return [{
      rule: 'internationalTransfers.outsideEea',
      message: `The policy of ${profile.legalName} does not allow transfers outside the EEA; the recipient is in ${country}`,
      source: transfers.source,
    }];
  }
  const mechanism = request.transferMechanism;
  if (mechanism !== undefined && transfers.mechanisms.includes(mechanism)) return [];
  const message = mechanism === undefined
    ? `A transfer to ${country}, outside the EEA, needs a transfer mechanism: ${oneOf(transfers.mechanisms)}`
    : `The policy of ${profile.legalName} names ${oneOf(transfers.mechanisms)} for transfers outside the EEA, not ${mechanism}`;
  return [{ rule: 'internationalTransfers.mechanisms', message, source: transfers.source }];
}

function marketingViolations(profile: PolicyProfile, request: DisclosureRequest): RuleViolation[] {
  if (request.thirdPartyMarketing !== true || profile.thirdPartyMarketing.allowed !== 'never') return [];
  return [{
    rule: 'thirdPartyMarketing',
    message: `The policy of ${profile.legalName} does not allow recipients to use the data for their own marketing`,
    source: profile.thirdPartyMarketing.source,
  }];
}

// --- field errors -----------------------------------------------------------------------------------

/** `plannedAt` and `occurredAt` against the notice mode: only a kind announced ahead has a planned date. */
function timingErrors(profile: PolicyProfile, rule: AllowedDisclosureRule | undefined, request: DisclosureRequest, now: Date): GuardFieldError[] {
  const { plannedAt, occurredAt } = request;
  if (rule?.notice.mode !== 'before') {
    if (plannedAt === undefined) return [];
    const why = !rule ? 'does not allow' : rule.notice.mode === 'none' ? 'promises no notice for' : 'tells subjects after recording';
    const message = `not allowed: only for disclosures announced before they happen; the policy of ${profile.legalName} ${why} kind ${request.kind}`;
    return [{ field: 'plannedAt', message }];
  }
  const days = rule.notice.objectionDays ?? 0;
  const ahead = `the policy of ${profile.legalName} announces this kind ${days} days ahead`;
  const errors: GuardFieldError[] = [];
  const planned = plannedAt === undefined ? undefined : Date.parse(plannedAt);
  if (planned === undefined) {
    errors.push({ field: 'plannedAt', message: `required: ${ahead}` });
  } else if (Number.isNaN(planned)) {
    errors.push({ field: 'plannedAt', message: 'not a valid date-time' });
  } else if (planned < now.getTime() + days * DAY_MS) {
    const earliest = new Date(now.getTime() + days * DAY_MS).toISOString();
    errors.push({ field: 'plannedAt', message: `must be at least ${days} days from now, as ${ahead}: ${earliest} at the earliest` });
  }
  if (occurredAt !== undefined) {
    errors.push({ field: 'occurredAt', message: `not allowed: ${ahead}, so it has not happened yet` });
  }
  return errors;
}

function holdErrors(profile: PolicyProfile, rule: AllowedDisclosureRule | undefined, request: DisclosureRequest, now: Date): GuardFieldError[] {
  if (request.hold === undefined) return [];
  const errors: GuardFieldError[] = [];
  const refusal = holdRefusal(profile, rule, request);
  if (refusal !== undefined) errors.push({ field: 'hold', message: refusal });
  const until = Date.parse(request.hold.until);
  if (Number.isNaN(until) || until <= now.getTime()) {
    errors.push({ field: 'hold.until', message: `must be a date-time after now (${now.toISOString()})` });
  }
  return errors;
}

/** Why a non-disclosure order cannot defer this disclosure's notice, or undefined when it can. */
function holdRefusal(profile: PolicyProfile, rule: AllowedDisclosureRule | undefined, request: DisclosureRequest): string | undefined {
  const policy = `the policy of ${profile.legalName}`;
  if (rule === undefined) {
    return `not possible: ${policy} does not allow disclosures of kind ${request.kind}, so subjects are told once it is recorded`;
  }
  switch (rule.notice.mode) {
    case 'none':
      return `not needed: ${policy} promises no notice for kind ${request.kind}, so there is none to defer`;
    case 'before':
      return `not possible: ${policy} announces kind ${request.kind} ${rule.notice.objectionDays} days ahead so subjects can object`;
    case 'after':
      return rule.notice.deferrableUnderOrder
        ? undefined
        : `not possible: ${policy} does not let a non-disclosure order defer the notice of kind ${request.kind}`;
  }
}

// --- treatment --------------------------------------------------------------------------------------

function treatmentOf(profile: PolicyProfile, rule: AllowedDisclosureRule | undefined, request: DisclosureRequest): DisclosureTreatment {
  const marketingNeedsConsent = request.thirdPartyMarketing === true && profile.thirdPartyMarketing.allowed === 'with_consent';
  const intentAt = rule ? intentAtOf(rule, request.plannedAt) : undefined;
  return {
    noticeMode: noticeModeOf(profile, rule, request),
    ...(intentAt === undefined ? {} : { intentAt }),
    requiresPriorConsent: (rule?.priorConsent ?? false) || marketingNeedsConsent,
    honoursOptOut: rule?.subjectMayStop ?? false,
  };
}

/** A refused kind, recordable only as an exception, is told `after`: subjects hear of it, the safe default. */
function noticeModeOf(profile: PolicyProfile, rule: AllowedDisclosureRule | undefined, request: DisclosureRequest): NoticeMode {
  if (rule === undefined) return 'after';
  if (request.hold !== undefined && holdRefusal(profile, rule, request) === undefined) return 'deferred';
  return rule.notice.mode;
}

/** `before`: the intent notices go out the objection days ahead of the planned transfer. */
function intentAtOf(rule: AllowedDisclosureRule, plannedAt: string | undefined): string | undefined {
  if (rule.notice.mode !== 'before' || plannedAt === undefined) return undefined;
  const planned = Date.parse(plannedAt);
  if (Number.isNaN(planned)) return undefined;
  return new Date(planned - (rule.notice.objectionDays ?? 0) * DAY_MS).toISOString();
}

/** `a`, `a or b`, `a, b or c`. */
function oneOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
