import { afterEach, describe, expect, it, vi } from 'vitest';
import { DISCLOSURE_KINDS, type DisclosureKind } from '../../../shared/domain/disclosure/disclosure';
import type { DisclosureRequest } from '../../../shared/domain/policy/disclosure-guard';
import { evaluateDisclosure } from '../../../shared/domain/policy/evaluate-disclosure';
import {
  defineProfile,
  type AllowedDisclosureRule,
  type DisclosureRule,
  type PolicyProfile,
} from '../../../shared/domain/policy/policy-profile';

const NOW = new Date('2026-03-02T10:00:00.000Z');
const LEGAL_NAME = 'Acme Care B.V.';
const REFUSED_SOURCE = 'Wij verkopen of verhuren uw gegevens nooit aan derden.';
const TRANSFERS_SOURCE = 'Buiten de EER alleen met passende waarborgen.';
const MARKETING_SOURCE = 'Derden gebruiken uw gegevens niet voor hun eigen marketing.';

function allowed(overrides: Partial<AllowedDisclosureRule> = {}): AllowedDisclosureRule {
  return {
    allowed: true,
    legalBases: ['contract'],
    recipientKinds: ['courier', 'payment_provider'],
    priorConsent: false,
    subjectMayStop: false,
    notice: { mode: 'after', deferrableUnderOrder: false },
    source: 'Wij delen uw gegevens met bezorgers om uw bestelling te leveren.',
    ...overrides,
  };
}

/**
 * A profile built for these tests alone: every kind refused unless given. `order_fulfilment` is allowed
 * (after, contract, courier or payment provider), `merger_acquisition` announced 30 days ahead,
 * `law_enforcement` told after but deferrable under an order, `processor_handoff` without notice.
 */
function aGuardProfile(
  rules: Partial<Record<DisclosureKind, DisclosureRule>> = {},
  overrides: Partial<PolicyProfile> = {},
): PolicyProfile {
  const refusedByDefault = Object.fromEntries(
    DISCLOSURE_KINDS.map((kind) => [kind, { allowed: false, source: REFUSED_SOURCE }]),
  ) as Record<DisclosureKind, DisclosureRule>;
  const authority = { name: 'Autoriteit Persoonsgegevens', country: 'NL', website: 'https://autoriteitpersoonsgegevens.nl' };
  return defineProfile({
    controllerId: 'guard-test',
    legalName: LEGAL_NAME,
    country: 'NL',
    contactEmail: 'contact@acme-care.example',
    privacyEmail: 'privacy@acme-care.example',
    legalTeamEmail: 'legal@acme-care.example',
    breachContact: { name: LEGAL_NAME, email: 'privacy@acme-care.example', source: 'Het beleid noemt geen functionaris gegevensbescherming.' },
    sender: { address: 'notices@acme-care.example', name: 'Acme Care Privacy', replyTo: 'dpo@acme-care.example' },
    languages: ['nl', 'en'],
    defaultLocale: 'nl',
    supervisoryAuthority: authority,
    establishments: [{ legalName: LEGAL_NAME, country: 'NL', supervisoryAuthority: authority }],
    disclosureRules: {
      ...refusedByDefault,
      order_fulfilment: allowed(),
      merger_acquisition: allowed({
        legalBases: ['legitimate_interests'],
        recipientKinds: ['acquirer'],
        notice: { mode: 'before', objectionDays: 30, deferrableUnderOrder: false },
        source: 'Bij een overname informeren wij u 30 dagen vooraf.',
      }),
      law_enforcement: allowed({
        legalBases: ['legal_obligation'],
        recipientKinds: ['authority'],
        notice: { mode: 'after', deferrableUnderOrder: true },
        source: 'Wij informeren u, tenzij een bevel dat verbiedt.',
      }),
      processor_handoff: allowed({
        recipientKinds: ['processor'],
        notice: { mode: 'none', deferrableUnderOrder: false },
        source: 'Verwerkers werken in onze opdracht.',
      }),
      ...rules,
    },
    internationalTransfers: { outsideEea: 'with_safeguards', mechanisms: ['adequacy', 'sccs'], source: TRANSFERS_SOURCE },
    thirdPartyMarketing: { allowed: 'never', source: MARKETING_SOURCE },
    retention: [],
    requests: { registeredEmailOnly: true, fee: 'free', verificationLapseDays: 14, source: 'Verzoeken zijn gratis.' },
    ...overrides,
  });
}

/** An order handed to a Dutch courier: allowed by the default profile, as it stands. */
function aRequest(overrides: Partial<DisclosureRequest> = {}): DisclosureRequest {
  return { kind: 'order_fulfilment', legalBasis: 'contract', recipient: { kind: 'courier', country: 'NL' }, ...overrides };
}

/** A takeover by a Dutch acquirer, 45 days from NOW: allowed, announced 30 days ahead. */
function aMerger(overrides: Partial<DisclosureRequest> = {}): DisclosureRequest {
  return aRequest({
    kind: 'merger_acquisition',
    legalBasis: 'legitimate_interests',
    recipient: { kind: 'acquirer', country: 'NL' },
    plannedAt: '2026-04-16T10:00:00.000Z',
    ...overrides,
  });
}

const A_HOLD = { until: '2026-06-01T00:00:00.000Z', reason: 'Lopend strafrechtelijk onderzoek', orderReference: 'OM-2026-118' };

describe('evaluateDisclosure', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('finds nothing against a disclosure the profile allows, and keeps it as its rule says', () => {
    // Act
    const decision = evaluateDisclosure(aGuardProfile(), aRequest(), NOW);

    // Assess
    expect(decision).toEqual({
      fieldErrors: [],
      violations: [],
      treatment: { noticeMode: 'after', requiresPriorConsent: false, honoursOptOut: false },
    });
  });

  describe('violations', () => {
    it('names a refused kind by its rule, quoting its source, and checks neither basis nor recipient kind', () => {
      // Prepare: a basis and a recipient kind no rule lists, which would be violations of an allowed kind.
      const request = aRequest({ kind: 'business_partner', legalBasis: 'consent', recipient: { kind: 'other', country: 'NL' } });

      // Act
      const { violations } = evaluateDisclosure(aGuardProfile(), request, NOW);

      // Assess
      expect(violations).toEqual([
        {
          rule: 'disclosureRules.business_partner',
          message: `The policy of ${LEGAL_NAME} does not allow disclosures of kind business_partner`,
          source: REFUSED_SOURCE,
        },
      ]);
    });

    it('names a legal basis the rule does not list, with the bases it does', () => {
      // Act
      const { violations } = evaluateDisclosure(aGuardProfile(), aRequest({ legalBasis: 'legitimate_interests' }), NOW);

      // Assess
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatchObject({
        rule: 'disclosureRules.order_fulfilment.legalBases',
        source: allowed().source,
      });
      expect(violations[0]?.message).toContain('contract');
      expect(violations[0]?.message).toContain('not legitimate_interests');
    });

    it('names a recipient kind the rule does not list, with the kinds it does', () => {
      // Act
      const { violations } = evaluateDisclosure(
        aGuardProfile(),
        aRequest({ recipient: { kind: 'business_partner', country: 'NL' } }),
        NOW,
      );

      // Assess
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatchObject({ rule: 'disclosureRules.order_fulfilment.recipientKinds', source: allowed().source });
      expect(violations[0]?.message).toContain('courier or payment_provider');
      expect(violations[0]?.message).toContain('not business_partner');
    });

    it('names both a wrong basis and a wrong recipient kind', () => {
      // Act
      const { violations } = evaluateDisclosure(
        aGuardProfile(),
        aRequest({ legalBasis: 'consent', recipient: { kind: 'other', country: 'NL' } }),
        NOW,
      );

      // Assess
      expect(violations.map((violation) => violation.rule)).toEqual([
        'disclosureRules.order_fulfilment.legalBases',
        'disclosureRules.order_fulfilment.recipientKinds',
      ]);
    });

    it('refuses any transfer outside the EEA when the policy never allows one, whatever the mechanism', () => {
      // Prepare
      const profile = aGuardProfile({}, { internationalTransfers: { outsideEea: 'never', mechanisms: [], source: TRANSFERS_SOURCE } });

      // Act
      const { violations } = evaluateDisclosure(
        profile,
        aRequest({ recipient: { kind: 'courier', country: 'US' }, transferMechanism: 'sccs' }),
        NOW,
      );

      // Assess
      expect(violations).toEqual([
        {
          rule: 'internationalTransfers.outsideEea',
          message: `The policy of ${LEGAL_NAME} does not allow transfers outside the EEA; the recipient is in US`,
          source: TRANSFERS_SOURCE,
        },
      ]);
    });

    it('treats Switzerland as outside the EEA and Norway as inside', () => {
      // Prepare
      const profile = aGuardProfile({}, { internationalTransfers: { outsideEea: 'never', mechanisms: [], source: TRANSFERS_SOURCE } });

      // Act
      const swiss = evaluateDisclosure(profile, aRequest({ recipient: { kind: 'courier', country: 'CH' } }), NOW);
      const norwegian = evaluateDisclosure(profile, aRequest({ recipient: { kind: 'courier', country: 'NO' } }), NOW);

      // Assess
      expect(swiss.violations.map((violation) => violation.rule)).toEqual(['internationalTransfers.outsideEea']);
      expect(norwegian.violations).toEqual([]);
    });

    it('asks for a transfer mechanism outside the EEA, listing the ones the policy names', () => {
      // Act
      const { violations } = evaluateDisclosure(aGuardProfile(), aRequest({ recipient: { kind: 'courier', country: 'GB' } }), NOW);

      // Assess
      expect(violations).toEqual([
        {
          rule: 'internationalTransfers.mechanisms',
          message: 'A transfer to GB, outside the EEA, needs a transfer mechanism: adequacy or sccs',
          source: TRANSFERS_SOURCE,
        },
      ]);
    });

    it('refuses a transfer mechanism the policy does not name', () => {
      // Act
      const { violations } = evaluateDisclosure(
        aGuardProfile(),
        aRequest({ recipient: { kind: 'courier', country: 'US' }, transferMechanism: 'bcr' }),
        NOW,
      );

      // Assess
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatchObject({ rule: 'internationalTransfers.mechanisms', source: TRANSFERS_SOURCE });
      expect(violations[0]?.message).toContain('adequacy or sccs');
      expect(violations[0]?.message).toContain('not bcr');
    });

    it('accepts a transfer outside the EEA under a mechanism the policy names', () => {
      // Act
      const decision = evaluateDisclosure(
        aGuardProfile(),
        aRequest({ recipient: { kind: 'courier', country: 'US' }, transferMechanism: 'sccs' }),
        NOW,
      );

      // Assess
      expect(decision.violations).toEqual([]);
      expect(decision.fieldErrors).toEqual([]);
    });

    it('ignores a transfer mechanism given for a recipient inside the EEA, even one the policy does not name', () => {
      // Prepare
      const profile = aGuardProfile({}, { internationalTransfers: { outsideEea: 'never', mechanisms: [], source: TRANSFERS_SOURCE } });

      // Act
      const decision = evaluateDisclosure(
        profile,
        aRequest({ recipient: { kind: 'courier', country: 'DE' }, transferMechanism: 'bcr' }),
        NOW,
      );

      // Assess
      expect(decision.violations).toEqual([]);
      expect(decision.fieldErrors).toEqual([]);
    });

    it('refuses marketing by the recipient when the policy never allows it', () => {
      // Act
      const { violations } = evaluateDisclosure(aGuardProfile(), aRequest({ thirdPartyMarketing: true }), NOW);

      // Assess
      expect(violations).toEqual([
        {
          rule: 'thirdPartyMarketing',
          message: `The policy of ${LEGAL_NAME} does not allow recipients to use the data for their own marketing`,
          source: MARKETING_SOURCE,
        },
      ]);
    });

    it('finds nothing when the recipient does not market', () => {
      // Act
      const { violations } = evaluateDisclosure(aGuardProfile(), aRequest({ thirdPartyMarketing: false }), NOW);

      // Assess
      expect(violations).toEqual([]);
    });

    it('lets marketing with consent through, leaving out subjects who did not consent', () => {
      // Prepare
      const profile = aGuardProfile({}, { thirdPartyMarketing: { allowed: 'with_consent', source: MARKETING_SOURCE } });

      // Act
      const decision = evaluateDisclosure(profile, aRequest({ thirdPartyMarketing: true }), NOW);

      // Assess
      expect(decision.violations).toEqual([]);
      expect(decision.treatment.requiresPriorConsent).toBe(true);
    });

    it('still checks the transfer and the marketing of a refused kind', () => {
      // Prepare
      const profile = aGuardProfile({}, { internationalTransfers: { outsideEea: 'never', mechanisms: [], source: TRANSFERS_SOURCE } });
      const request = aRequest({
        kind: 'business_partner',
        legalBasis: 'consent',
        recipient: { kind: 'business_partner', country: 'US' },
        thirdPartyMarketing: true,
      });

      // Act
      const { violations } = evaluateDisclosure(profile, request, NOW);

      // Assess
      expect(violations.map((violation) => [violation.rule, violation.source])).toEqual([
        ['disclosureRules.business_partner', REFUSED_SOURCE],
        ['internationalTransfers.outsideEea', TRANSFERS_SOURCE],
        ['thirdPartyMarketing', MARKETING_SOURCE],
      ]);
    });
  });

  describe('treatment', () => {
    it('takes the prior consent and the opt-out from the rule', () => {
      // Prepare
      const profile = aGuardProfile({ order_fulfilment: allowed({ priorConsent: true, subjectMayStop: true }) });

      // Act
      const { treatment } = evaluateDisclosure(profile, aRequest(), NOW);

      // Assess
      expect(treatment).toEqual({ noticeMode: 'after', requiresPriorConsent: true, honoursOptOut: true });
    });

    it('keeps a kind without notice as none', () => {
      // Act
      const { treatment } = evaluateDisclosure(
        aGuardProfile(),
        aRequest({ kind: 'processor_handoff', recipient: { kind: 'processor', country: 'NL' } }),
        NOW,
      );

      // Assess
      expect(treatment).toEqual({ noticeMode: 'none', requiresPriorConsent: false, honoursOptOut: false });
    });

    it('announces a kind told before, sending the intent notices the objection days ahead of plannedAt', () => {
      // Act
      const { treatment } = evaluateDisclosure(aGuardProfile(), aMerger({ plannedAt: '2026-04-16T10:00:00.000Z' }), NOW);

      // Assess
      expect(treatment).toEqual({
        noticeMode: 'before',
        intentAt: '2026-03-17T10:00:00.000Z',
        requiresPriorConsent: false,
        honoursOptOut: false,
      });
    });

    it('counts intentAt in whole UTC days from a plannedAt given with an offset, across a month end', () => {
      // Prepare: 7 objection days; 2026-05-03 09:15 at +02:00 is 07:15 UTC.
      const profile = aGuardProfile({
        merger_acquisition: allowed({
          legalBases: ['legitimate_interests'],
          recipientKinds: ['acquirer'],
          notice: { mode: 'before', objectionDays: 7, deferrableUnderOrder: false },
        }),
      });

      // Act
      const { treatment } = evaluateDisclosure(profile, aMerger({ plannedAt: '2026-05-03T09:15:00+02:00' }), NOW);

      // Assess
      expect(treatment.intentAt).toBe('2026-04-26T07:15:00.000Z');
    });

    it('has no intentAt for a kind told after', () => {
      // Act
      const { treatment } = evaluateDisclosure(aGuardProfile(), aRequest(), NOW);

      // Assess
      expect(treatment).not.toHaveProperty('intentAt');
    });

    it('defers the notice under a non-disclosure order when the rule allows it', () => {
      // Act
      const decision = evaluateDisclosure(
        aGuardProfile(),
        aRequest({
          kind: 'law_enforcement',
          legalBasis: 'legal_obligation',
          recipient: { kind: 'authority', country: 'NL' },
          hold: A_HOLD,
        }),
        NOW,
      );

      // Assess
      expect(decision.fieldErrors).toEqual([]);
      expect(decision.treatment.noticeMode).toBe('deferred');
    });

    it('tells subjects after recording of a refused kind, with no consent or opt-out from a rule', () => {
      // Prepare: the refused kind gets nothing from the rule of another kind.
      const profile = aGuardProfile({ order_fulfilment: allowed({ priorConsent: true, subjectMayStop: true }) });

      // Act
      const { treatment } = evaluateDisclosure(profile, aRequest({ kind: 'business_partner' }), NOW);

      // Assess
      expect(treatment).toEqual({ noticeMode: 'after', requiresPriorConsent: false, honoursOptOut: false });
    });

    it('still leaves out subjects without consent when a refused kind is shared for marketing with consent', () => {
      // Prepare
      const profile = aGuardProfile({}, { thirdPartyMarketing: { allowed: 'with_consent', source: MARKETING_SOURCE } });

      // Act
      const { treatment } = evaluateDisclosure(profile, aRequest({ kind: 'business_partner', thirdPartyMarketing: true }), NOW);

      // Assess
      expect(treatment.requiresPriorConsent).toBe(true);
    });
  });

  describe('field errors', () => {
    it('requires plannedAt for a kind announced before', () => {
      // Act
      const { fieldErrors } = evaluateDisclosure(aGuardProfile(), aMerger({ plannedAt: undefined }), NOW);

      // Assess
      expect(fieldErrors).toEqual([
        { field: 'plannedAt', message: `required: the policy of ${LEGAL_NAME} announces this kind 30 days ahead` },
      ]);
    });

    it('refuses a plannedAt closer than the objection days, naming the days and the earliest date', () => {
      // Act
      const { fieldErrors } = evaluateDisclosure(aGuardProfile(), aMerger({ plannedAt: '2026-03-31T10:00:00.000Z' }), NOW);

      // Assess
      expect(fieldErrors).toHaveLength(1);
      expect(fieldErrors[0]?.field).toBe('plannedAt');
      expect(fieldErrors[0]?.message).toContain('30 days');
      expect(fieldErrors[0]?.message).toContain('2026-04-01T10:00:00.000Z');
    });

    it('accepts a plannedAt exactly the objection days from now', () => {
      // Act
      const { fieldErrors } = evaluateDisclosure(aGuardProfile(), aMerger({ plannedAt: '2026-04-01T10:00:00.000Z' }), NOW);

      // Assess
      expect(fieldErrors).toEqual([]);
    });

    it('measures the objection days from the now it is given, not the clock', () => {
      // Prepare: the machine's clock is years later; the guard must not read it.
      vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00.000Z') });

      // Act
      const { fieldErrors } = evaluateDisclosure(aGuardProfile(), aMerger({ plannedAt: '2026-04-16T10:00:00.000Z' }), NOW);

      // Assess
      expect(fieldErrors).toEqual([]);
    });

    it('refuses a plannedAt that is not a date', () => {
      // Act
      const { fieldErrors } = evaluateDisclosure(aGuardProfile(), aMerger({ plannedAt: 'next month' }), NOW);

      // Assess
      expect(fieldErrors.map((error) => error.field)).toEqual(['plannedAt']);
    });

    it('refuses occurredAt for a kind announced before: the transfer has not happened', () => {
      // Act
      const { fieldErrors } = evaluateDisclosure(aGuardProfile(), aMerger({ occurredAt: '2026-03-01T10:00:00.000Z' }), NOW);

      // Assess
      expect(fieldErrors).toHaveLength(1);
      expect(fieldErrors[0]?.field).toBe('occurredAt');
      expect(fieldErrors[0]?.message).toContain('has not happened');
    });

    it.each([
      ['told after', aRequest({ plannedAt: '2026-04-16T10:00:00.000Z' })],
      ['without notice', aRequest({ kind: 'processor_handoff', recipient: { kind: 'processor', country: 'NL' }, plannedAt: '2026-04-16T10:00:00.000Z' })],
      ['refused', aRequest({ kind: 'business_partner', plannedAt: '2026-04-16T10:00:00.000Z' })],
    ])('refuses plannedAt for a kind %s', (_label, request) => {
      // Act
      const { fieldErrors } = evaluateDisclosure(aGuardProfile(), request, NOW);

      // Assess
      expect(fieldErrors).toHaveLength(1);
      expect(fieldErrors[0]?.field).toBe('plannedAt');
      expect(fieldErrors[0]?.message).toContain('only for disclosures announced before they happen');
    });

    it('refuses a hold when the rule does not let an order defer the notice, and keeps the rule mode', () => {
      // Act
      const decision = evaluateDisclosure(aGuardProfile(), aRequest({ hold: A_HOLD }), NOW);

      // Assess
      expect(decision.fieldErrors).toHaveLength(1);
      expect(decision.fieldErrors[0]?.field).toBe('hold');
      expect(decision.fieldErrors[0]?.message).toContain('does not let a non-disclosure order defer');
      expect(decision.treatment.noticeMode).toBe('after');
    });

    it('refuses a hold for a refused kind', () => {
      // Prepare: a refused kind, even if every allowed rule could be deferred.
      const decision = evaluateDisclosure(aGuardProfile(), aRequest({ kind: 'business_partner', hold: A_HOLD }), NOW);

      // Assess
      expect(decision.fieldErrors.map((error) => error.field)).toEqual(['hold']);
      expect(decision.fieldErrors[0]?.message).toContain('does not allow disclosures of kind business_partner');
      expect(decision.treatment.noticeMode).toBe('after');
    });

    it('refuses a hold for a kind announced before, saying subjects may object, even when the rule is deferrable', () => {
      // Prepare
      const profile = aGuardProfile({
        merger_acquisition: allowed({
          legalBases: ['legitimate_interests'],
          recipientKinds: ['acquirer'],
          notice: { mode: 'before', objectionDays: 30, deferrableUnderOrder: true },
        }),
      });

      // Act
      const decision = evaluateDisclosure(profile, aMerger({ hold: A_HOLD }), NOW);

      // Assess
      expect(decision.fieldErrors.map((error) => error.field)).toEqual(['hold']);
      expect(decision.fieldErrors[0]?.message).toContain('30 days ahead so subjects can object');
      expect(decision.treatment.noticeMode).toBe('before');
    });

    it('refuses a hold for a kind without notice: there is none to defer', () => {
      // Prepare
      const profile = aGuardProfile({
        processor_handoff: allowed({ recipientKinds: ['processor'], notice: { mode: 'none', deferrableUnderOrder: true } }),
      });

      // Act
      const decision = evaluateDisclosure(
        profile,
        aRequest({ kind: 'processor_handoff', recipient: { kind: 'processor', country: 'NL' }, hold: A_HOLD }),
        NOW,
      );

      // Assess
      expect(decision.fieldErrors.map((error) => error.field)).toEqual(['hold']);
      expect(decision.fieldErrors[0]?.message).toContain('none to defer');
      expect(decision.treatment.noticeMode).toBe('none');
    });

    it.each([
      ['in the past', '2026-03-01T10:00:00.000Z'],
      ['now itself', NOW.toISOString()],
      ['not a date', 'until further notice'],
    ])('refuses a hold until %s', (_label, until) => {
      // Act
      const { fieldErrors } = evaluateDisclosure(
        aGuardProfile(),
        aRequest({
          kind: 'law_enforcement',
          legalBasis: 'legal_obligation',
          recipient: { kind: 'authority', country: 'NL' },
          hold: { ...A_HOLD, until },
        }),
        NOW,
      );

      // Assess
      expect(fieldErrors).toHaveLength(1);
      expect(fieldErrors[0]?.field).toBe('hold.until');
      expect(fieldErrors[0]?.message).toContain(NOW.toISOString());
    });

    it('does not count violations as field errors: a refused kind can still be recorded as an exception', () => {
      // Act
      const decision = evaluateDisclosure(aGuardProfile(), aRequest({ kind: 'business_partner' }), NOW);

      // Assess
      expect(decision.fieldErrors).toEqual([]);
      expect(decision.violations).toHaveLength(1);
    });
  });
});
