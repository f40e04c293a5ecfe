import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DISCLOSURE_KINDS, type DisclosureKind } from '../../../shared/domain/disclosure/disclosure';
import {
  InvalidPolicyProfileError,
  defineProfile,
  policyProfileSchema,
  type DisclosureRule,
  type PolicyProfile,
} from '../../../shared/domain/policy/policy-profile';
import { POLICY_PROFILES, findProfile } from '../../../shared/domain/policy/profiles';

const PROFILES_DIR = new URL('../../../shared/domain/policy/profiles/', import.meta.url);

const AP = { name: 'Autoriteit Persoonsgegevens', country: 'NL', website: 'https://autoriteitpersoonsgegevens.nl' };

/** A complete, valid profile input (not yet checked), for tests that break one field of it. */
function validInput(overrides: Partial<PolicyProfile> = {}): PolicyProfile {
  const refused = Object.fromEntries(
    DISCLOSURE_KINDS.map((kind) => [kind, { allowed: false, source: 'Wij delen uw gegevens met niemand.' }]),
  ) as Record<DisclosureKind, DisclosureRule>;
  return {
    controllerId: 'acme-care',
    legalName: 'Acme Care B.V.',
    country: 'NL',
    postalAddress: 'Voorbeeldstraat 1, 1234 AB Utrecht',
    contactEmail: 'contact@acme-care.example',
    privacyEmail: 'privacy@acme-care.example',
    legalTeamEmail: 'legal@acme-care.example',
    breachContact: { name: 'Acme Care B.V.', email: 'privacy@acme-care.example', source: 'Het beleid noemt geen functionaris gegevensbescherming.' },
    sender: { address: 'notices@acme-care.example', name: 'Acme Care Privacy', replyTo: 'privacy@acme-care.example' },
    languages: ['nl', 'en'],
    defaultLocale: 'nl',
    supervisoryAuthority: AP,
    establishments: [{ legalName: 'Acme Care B.V.', country: 'NL', supervisoryAuthority: AP }],
    disclosureRules: {
      ...refused,
      merger_acquisition: {
        allowed: true,
        legalBases: ['legitimate_interests'],
        recipientKinds: ['acquirer'],
        priorConsent: false,
        subjectMayStop: false,
        notice: { mode: 'before', objectionDays: 30, deferrableUnderOrder: false },
        source: 'Bij een overname laten wij u dat vooraf weten.',
      },
    },
    internationalTransfers: { outsideEea: 'with_safeguards', mechanisms: ['sccs'], source: 'Alleen met modelcontractbepalingen.' },
    thirdPartyMarketing: { allowed: 'never', source: 'Wij verkopen uw gegevens niet.' },
    retention: [{ category: 'Invoices', label: { nl: 'Facturen', en: 'Invoices' }, period: 'P7Y', from: 'the invoice date', source: 'Facturen bewaren wij zeven jaar.' }],
    requests: { registeredEmailOnly: false, fee: 'free', verificationLapseDays: 14, source: 'Inzage is kosteloos.' },
    ...overrides,
  };
}

/** The input with one disclosure rule replaced (cast: tests build rules the types would refuse). */
function withRule(kind: string, rule: unknown): PolicyProfile {
  const input = validInput();
  return { ...input, disclosureRules: { ...input.disclosureRules, [kind]: rule } };
}

function caught(action: () => unknown): InvalidPolicyProfileError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPolicyProfileError);
    return error as InvalidPolicyProfileError;
  }
  throw new Error('expected the action to throw');
}

describe('defineProfile', () => {
  it('returns a valid profile as given', () => {
    // Prepare
    const input = validInput();

    // Act
    const profile = defineProfile(input);

    // Assess
    expect(profile).toEqual(input);
  });

  it('refuses a sender address that is not an email address, naming sender.address', () => {
    // Prepare
    const input = validInput({ sender: { ...validInput().sender, address: 'privacy-at-acme' } });

    // Act
    const error = caught(() => defineProfile(input));

    // Assess
    expect(error.fields).toEqual(['sender.address']);
    expect(error.message).toContain('sender.address');
    expect(error.message).toContain(input.controllerId);
  });

  it('refuses a profile without a breach contact, or with one that has no address, naming the field', () => {
    // Prepare: a breach's filing and its notices must name a contact point (Art. 33(3)(b), Art. 34(2)).
    const { breachContact, ...withoutContact } = validInput();
    const withoutAddress = validInput({ breachContact: { ...breachContact, email: 'nobody' } });

    // Act
    const missing = caught(() => defineProfile(withoutContact as PolicyProfile));
    const broken = caught(() => defineProfile(withoutAddress));

    // Assess
    expect(missing.fields).toEqual(['breachContact']);
    expect(broken.fields).toEqual(['breachContact.email']);
  });

  it('refuses a default locale the profile does not write in, naming defaultLocale', () => {
    // Prepare
    const input = validInput({ languages: ['nl'], defaultLocale: 'en' });

    // Act
    const error = caught(() => defineProfile(input));

    // Assess
    expect(error.fields).toEqual(['defaultLocale']);
    expect(error.message).toContain('defaultLocale');
  });

  it('names every broken field at once', () => {
    // Prepare
    const input = validInput({ contactEmail: 'nobody', sender: { ...validInput().sender, replyTo: 'also-nobody' } });

    // Act
    const error = caught(() => defineProfile(input));

    // Assess
    expect([...error.fields].sort()).toEqual(['contactEmail', 'sender.replyTo']);
  });

  it('refuses a notice mode before without objection days, naming the rule', () => {
    // Prepare
    const input = withRule('merger_acquisition', {
      ...validInput().disclosureRules.merger_acquisition,
      notice: { mode: 'before', deferrableUnderOrder: false },
    });

    // Act
    const error = caught(() => defineProfile(input));

    // Assess
    expect(error.fields).toEqual(['disclosureRules.merger_acquisition.notice.objectionDays']);
  });

  it('refuses objection days on a notice given after the disclosure', () => {
    // Prepare
    const input = withRule('merger_acquisition', {
      ...validInput().disclosureRules.merger_acquisition,
      notice: { mode: 'after', objectionDays: 30, deferrableUnderOrder: false },
    });

    // Act
    const error = caught(() => defineProfile(input));

    // Assess
    expect(error.fields).toEqual(['disclosureRules.merger_acquisition.notice.objectionDays']);
  });

  it('refuses a rule for a kind of disclosure that does not exist, naming it', () => {
    // Prepare
    const input = withRule('data_broker', { allowed: false, source: 'Wij verkopen niets.' });

    // Act
    const error = caught(() => defineProfile(input));

    // Assess
    expect(error.fields).toEqual(['disclosureRules']);
    expect(error.message).toContain('data_broker');
  });

  it('refuses a profile that leaves a kind of disclosure without a rule, naming the kind', () => {
    // Prepare
    const input = validInput();
    const { fraud_prevention: _left, ...rules } = input.disclosureRules;

    // Act
    const error = caught(() => defineProfile({ ...input, disclosureRules: rules as PolicyProfile['disclosureRules'] }));

    // Assess
    expect(error.fields).toEqual(['disclosureRules.fraud_prevention']);
  });

  it('refuses a rule without a source, or with an empty one, naming its source', () => {
    // Prepare
    const { source: _dropped, ...withoutSource } = validInput().disclosureRules.merger_acquisition;
    const missing = withRule('merger_acquisition', withoutSource);
    const empty = withRule('law_enforcement', { allowed: false, source: '' });

    // Act
    const missingError = caught(() => defineProfile(missing));
    const emptyError = caught(() => defineProfile(empty));

    // Assess
    expect(missingError.fields).toEqual(['disclosureRules.merger_acquisition.source']);
    expect(emptyError.fields).toEqual(['disclosureRules.law_enforcement.source']);
  });

  it('refuses an allowed rule that names no recipient kind or an unknown one', () => {
    // Prepare
    const base = validInput().disclosureRules.merger_acquisition;
    const none = withRule('merger_acquisition', { ...base, recipientKinds: [] });
    const unknown = withRule('merger_acquisition', { ...base, recipientKinds: ['astrologer'] });

    // Act
    const noneError = caught(() => defineProfile(none));
    const unknownError = caught(() => defineProfile(unknown));

    // Assess
    expect(noneError.fields).toEqual(['disclosureRules.merger_acquisition.recipientKinds']);
    expect(unknownError.fields).toEqual(['disclosureRules.merger_acquisition.recipientKinds.0']);
  });

  it('refuses transfers with safeguards that name no mechanism', () => {
    // Prepare
    const input = validInput({ internationalTransfers: { outsideEea: 'with_safeguards', mechanisms: [], source: 'Met waarborgen.' } });

    // Act
    const error = caught(() => defineProfile(input));

    // Assess
    expect(error.fields).toEqual(['internationalTransfers.mechanisms']);
  });

  it('refuses a retention period that is no ISO 8601 duration, naming it', () => {
    // Prepare
    const rule = validInput().retention[0]!;
    const words = validInput({ retention: [{ ...rule, period: 'ten years' }] });
    const bare = validInput({ retention: [rule, { ...rule, period: 'P' }] });

    // Act
    const wordsError = caught(() => defineProfile(words));
    const bareError = caught(() => defineProfile(bare));

    // Assess
    expect(wordsError.fields).toEqual(['retention.0.period']);
    expect(bareError.fields).toEqual(['retention.1.period']);
  });

  it('refuses a retention rule without its category in every language, naming the field', () => {
    // Prepare
    const { label, ...rule } = validInput().retention[0]!;
    const unlabelled = validInput({ retention: [rule as PolicyProfile['retention'][number]] });
    const englishOnly = validInput({ retention: [{ ...rule, label: { en: label.en } as typeof label }] });
    const emptyDutch = validInput({ retention: [{ ...rule, label: { ...label, nl: '' } }] });

    // Act
    const errors = [unlabelled, englishOnly, emptyDutch].map((input) => caught(() => defineProfile(input)));

    // Assess
    expect(errors.map((error) => error.fields)).toEqual([['retention.0.label'], ['retention.0.label.nl'], ['retention.0.label.nl']]);
  });

  it('accepts the named retention periods until_settled and statutory', () => {
    // Prepare
    const rule = validInput().retention[0]!;
    const input = validInput({ retention: [{ ...rule, period: 'until_settled' }, { ...rule, period: 'statutory' }] });

    // Act
    const profile = defineProfile(input);

    // Assess
    expect(profile.retention.map((retention) => retention.period)).toEqual(['until_settled', 'statutory']);
  });

  it('refuses a profile without an establishment', () => {
    // Prepare
    const input = validInput({ establishments: [] });

    // Act
    const error = caught(() => defineProfile(input));

    // Assess
    expect(error.fields).toEqual(['establishments']);
  });
});

describe('POLICY_PROFILES', () => {
  it('lists the profile of every file in profiles/, so a new profile file cannot be forgotten', async () => {
    // Prepare
    const files = readdirSync(PROFILES_DIR).filter((file) => file.endsWith('.ts') && file !== 'index.ts');

    // Act
    const exported = await Promise.all(
      files.map(async (file) => {
        const module = (await import(new URL(file, PROFILES_DIR).href)) as Record<string, unknown>;
        const profiles = Object.values(module).filter((value) => policyProfileSchema.safeParse(value).success);
        return { file, profiles: profiles as PolicyProfile[] };
      }),
    );

    // Assess
    expect(files.length).toBeGreaterThan(0);
    for (const { file, profiles } of exported) {
      expect(profiles, `${file} exports no policy profile`).not.toHaveLength(0);
      for (const profile of profiles) {
        expect(POLICY_PROFILES, `${file}: '${profile.controllerId}' is not listed in POLICY_PROFILES`).toContain(profile);
      }
    }
  });

  it('holds each controller once, and findProfile finds each', () => {
    // Act
    const ids = POLICY_PROFILES.map((profile) => profile.controllerId);

    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    for (const profile of POLICY_PROFILES) expect(findProfile(profile.controllerId)).toBe(profile);
    expect(findProfile('no-such-controller')).toBeUndefined();
  });
});

describe('defineProfile and the controller country', () => {
  it('refuses a controller country whose public holidays deadlines do not count yet, naming the field', async () => {
    const { softmedex } = await import('../../../shared/domain/policy/profiles/softmedex');
    const { defineProfile, InvalidPolicyProfileError } = await import('../../../shared/domain/policy/policy-profile');
    let error: unknown;
    try {
      defineProfile({ ...softmedex, country: 'DE' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidPolicyProfileError);
    expect((error as InstanceType<typeof InvalidPolicyProfileError>).fields).toEqual(['country']);
    expect(() => defineProfile({ ...softmedex, country: 'BE' })).not.toThrow();
  });
});
