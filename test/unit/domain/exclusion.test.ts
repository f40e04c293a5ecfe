import { describe, expect, it } from 'vitest';
import type { Disclosure, SharingPreferences } from '../../../shared/domain/disclosure/disclosure';
import { exclusionReason } from '../../../shared/domain/disclosure/exclusion';

type Rules = Pick<Disclosure, 'kind' | 'requiresPriorConsent' | 'honoursOptOut'>;

const partner: Rules = { kind: 'business_partner', requiresPriorConsent: true, honoursOptOut: true };
const prefs = (preferences: Partial<SharingPreferences> = {}): SharingPreferences => ({ consentTo: [], stopSharing: [], ...preferences });

describe('exclusionReason', () => {
  it('leaves out a subject without prior consent when the disclosure needs it', () => {
    // Act
    const reasons = [exclusionReason(partner, undefined), exclusionReason(partner, prefs()), exclusionReason(partner, prefs({ consentTo: ['order_fulfilment'] }))];

    // Assess
    expect(reasons).toEqual(['no_consent', 'no_consent', 'no_consent']);
  });

  it('keeps a subject who consented to this kind ahead', () => {
    // Act
    const reason = exclusionReason(partner, prefs({ consentTo: ['business_partner'] }));

    // Assess
    expect(reason).toBeUndefined();
  });

  it('leaves out a subject who asked to stop this kind of sharing, even with consent given before', () => {
    // Act
    const reason = exclusionReason(partner, prefs({ consentTo: ['business_partner'], stopSharing: ['business_partner'] }));

    // Assess
    expect(reason).toBe('opted_out');
  });

  it('says opted_out rather than no_consent for a subject who did both', () => {
    // Act
    const reason = exclusionReason(partner, prefs({ stopSharing: ['business_partner'] }));

    // Assess
    expect(reason).toBe('opted_out');
  });

  it('ignores a request to stop sharing of another kind', () => {
    // Act
    const reason = exclusionReason(partner, prefs({ consentTo: ['business_partner'], stopSharing: ['order_fulfilment'] }));

    // Assess
    expect(reason).toBeUndefined();
  });

  it('ignores a request to stop sharing when the disclosure does not honour opt-outs', () => {
    // Act
    const reason = exclusionReason({ kind: 'law_enforcement', requiresPriorConsent: false, honoursOptOut: false }, prefs({ stopSharing: ['law_enforcement'] }));

    // Assess
    expect(reason).toBeUndefined();
  });

  it('keeps everyone when the disclosure neither needs consent nor honours opt-outs, or says nothing of either', () => {
    // Act
    const reasons = [
      exclusionReason({ kind: 'merger_acquisition', requiresPriorConsent: false, honoursOptOut: false }, undefined),
      exclusionReason({ kind: 'merger_acquisition' }, prefs({ stopSharing: ['merger_acquisition'] })),
    ];

    // Assess
    expect(reasons).toEqual([undefined, undefined]);
  });

  it('honours an opt-out without needing consent', () => {
    // Act
    const reasons = [
      exclusionReason({ kind: 'business_partner', requiresPriorConsent: false, honoursOptOut: true }, prefs({ stopSharing: ['business_partner'] })),
      exclusionReason({ kind: 'business_partner', requiresPriorConsent: false, honoursOptOut: true }, undefined),
    ];

    // Assess
    expect(reasons).toEqual(['opted_out', undefined]);
  });
});
