import { describe, expect, it } from 'vitest';
import { DISCLOSURE_KINDS, type DisclosureKind } from '../../../shared/domain/disclosure/disclosure';
import { AUTORITEIT_PERSOONSGEGEVENS, GEGEVENSBESCHERMINGSAUTORITEIT } from '../../../shared/domain/policy/authorities';
import { breachContactOf } from '../../../shared/domain/breach/breach-contact';
import { defineProfile, type AllowedDisclosureRule, type PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { POLICY_PROFILES, findProfile } from '../../../shared/domain/policy/profiles';

/** The profile of a controller, failing the test when it is missing. */
function profile(controllerId: string): PolicyProfile {
  const found = findProfile(controllerId);
  if (!found) throw new Error(`no profile for '${controllerId}'`);
  return found;
}

/** The rule for a kind, failing the test when the profile refuses that kind. */
function allowed(controllerId: string, kind: DisclosureKind): AllowedDisclosureRule {
  const rule = profile(controllerId).disclosureRules[kind];
  if (!rule?.allowed) throw new Error(`${controllerId} refuses ${kind}`);
  return rule;
}

function allowedKinds(controllerId: string): DisclosureKind[] {
  return DISCLOSURE_KINDS.filter((kind) => profile(controllerId).disclosureRules[kind]?.allowed);
}

function sources(of: PolicyProfile): [string, string][] {
  return [
    ...DISCLOSURE_KINDS.map((kind): [string, string] => [`disclosureRules.${kind}`, of.disclosureRules[kind]?.source ?? '']),
    ['internationalTransfers', of.internationalTransfers.source],
    ['thirdPartyMarketing', of.thirdPartyMarketing.source],
    ['requests', of.requests.source],
    ['breachContact', of.breachContact.source],
    ...of.retention.map((rule, index): [string, string] => [`retention.${index}`, rule.source]),
  ];
}

describe('the five policy profiles', () => {
  it('are the five seed controllers, by id', () => {
    // Act
    const ids = POLICY_PROFILES.map((each) => each.controllerId);

    // Assess
    expect([...ids].sort()).toEqual(['dentists4dentists', 'dsoft', 'etsoft', 'softmedex', 'softshop']);
  });

  it.each(POLICY_PROFILES.map((each) => [each.controllerId, each] as const))('%s passes defineProfile unchanged', (_id, each) => {
    // Act
    const checked = defineProfile(structuredClone(each));

    // Assess
    expect(checked).toEqual(each);
  });

  it.each(POLICY_PROFILES.map((each) => [each.controllerId, each] as const))('%s has a rule for every kind of disclosure', (_id, each) => {
    // Act
    const missing = DISCLOSURE_KINDS.filter((kind) => each.disclosureRules[kind] === undefined);

    // Assess
    expect(missing).toEqual([]);
  });

  it.each(POLICY_PROFILES.map((each) => [each.controllerId, each] as const))(
    '%s cites a source for every rule, quoting the policy where the rule reads its silence',
    (_id, each) => {
      // Act
      const all = sources(each);

      // Assess
      for (const [where, source] of all) {
        expect(source.trim(), `${where} has no source`).not.toBe('');
        if (/^(Niet genoemd|Het beleid noemt geen)/.test(source)) expect(source, `${where} quotes no sentence`).toMatch(/"[^"]{20,}"/);
      }
    },
  );

  it.each(POLICY_PROFILES.map((each) => [each.controllerId, each] as const))(
    '%s writes Dutch and English, Dutch first, and sends from its own domain with replies to its own mailbox',
    (_id, each) => {
      // Act
      const domain = (address: string) => address.split('@')[1];

      // Assess
      expect(each.languages).toEqual(expect.arrayContaining(['nl', 'en']));
      expect(each.defaultLocale).toBe('nl');
      expect(domain(each.sender.address)).toBe(domain(each.contactEmail));
      expect([each.contactEmail, each.privacyEmail]).toContain(each.sender.replyTo);
      expect(each.establishments.map((establishment) => establishment.supervisoryAuthority)).toContainEqual(
        each.supervisoryAuthority,
      );
    },
  );

  it.each(POLICY_PROFILES.map((each) => [each.controllerId, each] as const))(
    '%s names each retention category in Dutch and in English, for the completion email',
    (_id, each) => {
      // Assess: a Dutch label copied from the English key would show English to a Dutch subject.
      for (const rule of each.retention) {
        expect(rule.label.nl).not.toBe(rule.label.en);
        expect(rule.label.nl).not.toBe(rule.category);
      }
    },
  );

  it('name a breach contact whose address the policy quotes, and say that the policy names no DPO', () => {
    // Act
    const contacts = Object.fromEntries(POLICY_PROFILES.map((each) => [each.controllerId, breachContactOf(each)]));

    // Assess: none of the five policies names a functionaris gegevensbescherming; each gives a contact point.
    expect(contacts).toEqual({
      softmedex: { name: 'Softmedex', email: 'info@softmedex.com' },
      softshop: { name: 'Softshop', email: 'info@softshop.nl' },
      dentists4dentists: { name: 'Tandheelkunde Innovaties B.V.', email: 'info@d-4-d.com' },
      etsoft: { name: 'ETSoft', email: 'info@etsoft.nl' },
      dsoft: { name: 'D Soft nv (Verantwoordelijke GDPR)', email: 'privacy@dsoft.be', phone: '+32 9 372 70 41' },
    });
    for (const each of POLICY_PROFILES) {
      expect(each.breachContact.source).toMatch(/^Het beleid noemt geen functionaris gegevensbescherming \(FG\)/);
      expect(each.breachContact.source).toMatch(/"[^"]{20,}"/);
    }
    // Softshop's published copy hides its address: the source says the address is an assumption.
    expect(profile('softshop').breachContact.source).toContain('[email protected]');
    expect(profile('softshop').breachContact.source).toContain('onze aanname');
    expect(profile('dsoft').breachContact.source).toContain('Verantwoordelijke GDPR: privacy@dsoft.be');
  });

  it('allow the kinds of disclosure their policies describe, and refuse the others', () => {
    // Act
    const table = Object.fromEntries(POLICY_PROFILES.map((each) => [each.controllerId, allowedKinds(each.controllerId)]));

    // Assess
    expect(table).toEqual({
      softmedex: [
        'merger_acquisition',
        'law_enforcement',
        'processor_handoff',
        'legal_obligation',
        'debt_collection',
        'fraud_prevention',
        'professional_adviser',
      ],
      softshop: ['order_fulfilment'],
      dentists4dentists: DISCLOSURE_KINDS.filter((kind) => kind !== 'merger_acquisition'),
      etsoft: DISCLOSURE_KINDS.filter((kind) => kind !== 'fraud_prevention'),
      dsoft: ['law_enforcement', 'processor_handoff', 'legal_obligation', 'order_fulfilment', 'professional_adviser'],
    });
  });
});

describe('Softmedex', () => {
  it('tells subjects after every kind of sharing it lists, quoting the promise', () => {
    // Act
    const rules = (['merger_acquisition', 'legal_obligation', 'law_enforcement', 'fraud_prevention'] as const).map((kind) =>
      allowed('softmedex', kind),
    );

    // Assess
    for (const rule of rules) {
      expect(rule.notice.mode).toBe('after');
      expect(rule.source).toContain('In alle bovenstaande gevallen zullen we u op de hoogte stellen');
    }
  });

  it('lets a non-disclosure order defer the notice of a law-enforcement disclosure only', () => {
    // Act
    const deferrable = allowedKinds('softmedex').filter((kind) => allowed('softmedex', kind).notice.deferrableUnderOrder);

    // Assess
    expect(deferrable).toEqual(['law_enforcement']);
  });

  it('never shares for third parties’ marketing, and refuses business partners', () => {
    // Act
    const softmedex = profile('softmedex');

    // Assess
    expect(softmedex.thirdPartyMarketing.allowed).toBe('never');
    expect(softmedex.disclosureRules.business_partner.allowed).toBe(false);
    expect(softmedex.disclosureRules.business_partner.source).toContain('voor verdere marketingactiviteiten');
  });

  it('transfers outside the EEA only with adequacy, SCCs or BCRs, and answers access requests for free', () => {
    // Act
    const softmedex = profile('softmedex');

    // Assess
    expect(softmedex.internationalTransfers.outsideEea).toBe('with_safeguards');
    expect([...softmedex.internationalTransfers.mechanisms].sort()).toEqual(['adequacy', 'bcr', 'sccs']);
    expect(softmedex.requests.fee).toBe('free');
  });
});

describe('Softshop', () => {
  it('shares only with couriers and its payment partner to carry out an order, without a notice', () => {
    // Act
    const rule = allowed('softshop', 'order_fulfilment');

    // Assess
    expect([...rule.recipientKinds].sort()).toEqual(['courier', 'payment_provider']);
    expect(rule.notice.mode).toBe('none');
    expect(rule.source).toContain('Multisafepay');
  });

  it('refuses a merger, citing the sentence that limits sharing to the order and the promise never to sell', () => {
    // Act
    const rule = profile('softshop').disclosureRules.merger_acquisition;

    // Assess
    expect(rule.allowed).toBe(false);
    expect(rule.source).toContain('uitsluitend aan derden die bij het uitvoeren van uw bestelling betrokken zijn');
    expect(rule.source).toContain('verkopen');
  });

  it('keeps customer data up to 10 months and repair backups at most 30 days after delivery', () => {
    // Act
    const periods = profile('softshop').retention.map((rule) => rule.period);

    // Assess
    expect(periods).toEqual(['P10M', 'P30D']);
    expect(profile('softshop').retention[1]!.source).toContain('tussen 14 en 30 dagen na oplevering');
  });
});

describe('Dentists4Dentists', () => {
  it('ships through couriers without a notice, and hands unpaid invoices to a debt collector', () => {
    // Act
    const courier = allowed('dentists4dentists', 'order_fulfilment');
    const collection = allowed('dentists4dentists', 'debt_collection');

    // Assess
    expect(courier.recipientKinds).toContain('courier');
    expect(courier.notice.mode).toBe('none');
    expect(courier.source).toContain('DHL, POSTNL, DPD');
    expect(collection.recipientKinds).toEqual(['debt_collector']);
    expect(collection.source).toContain('betalingstermijn is verstreken');
  });

  it('answers law enforcement, its notice deferrable under a non-disclosure order', () => {
    // Act
    const rule = allowed('dentists4dentists', 'law_enforcement');

    // Assess
    expect(rule.recipientKinds).toEqual(['authority']);
    expect(rule.notice.deferrableUnderOrder).toBe(true);
  });

  it('shares with partners for their commercial purposes only with prior consent', () => {
    // Act
    const rule = allowed('dentists4dentists', 'business_partner');

    // Assess
    expect(rule.priorConsent).toBe(true);
    expect(rule.legalBases).toEqual(['consent']);
    expect(profile('dentists4dentists').thirdPartyMarketing.allowed).toBe('with_consent');
  });

  it('keeps data in the EU and invoices for seven years', () => {
    // Act
    const d4d = profile('dentists4dentists');

    // Assess
    expect(d4d.internationalTransfers).toMatchObject({ outsideEea: 'never', mechanisms: [] });
    expect(d4d.retention).toContainEqual(
      expect.objectContaining({ category: 'Copies of invoices', label: { nl: 'Kopieën van facturen', en: 'Copies of invoices' }, period: 'P7Y' }),
    );
    expect(d4d.legalName).toBe('Tandheelkunde Innovaties B.V.');
  });
});

describe('ETSoft', () => {
  it('announces a business transaction before it happens, with 30 days to object', () => {
    // Act
    const rule = allowed('etsoft', 'merger_acquisition');

    // Assess
    expect(rule.notice).toEqual({ mode: 'before', objectionDays: 30, deferrableUnderOrder: false });
    expect(rule.source).toContain('uitleggen hoe u bezwaar kunt maken');
  });

  it('needs prior approval for service providers and business partners, and stops partner sharing on request', () => {
    // Act
    const providers = allowed('etsoft', 'processor_handoff');
    const partners = allowed('etsoft', 'business_partner');

    // Assess
    expect(providers.priorConsent).toBe(true);
    expect(partners.priorConsent).toBe(true);
    expect(partners.subjectMayStop).toBe(true);
    expect(providers.subjectMayStop).toBe(false);
  });

  it('shares invoicing data with its accountant and discloses to comply with the law', () => {
    // Act
    const adviser = allowed('etsoft', 'professional_adviser');
    const legal = allowed('etsoft', 'legal_obligation');
    const enforcement = allowed('etsoft', 'law_enforcement');

    // Assess
    expect(adviser.source).toContain('accountant');
    expect(legal.recipientKinds).toEqual(['authority']);
    expect(enforcement.recipientKinds).toEqual(['authority']);
  });

  it('answers requests only at the registered address, and may charge a fee', () => {
    // Act
    const { requests } = profile('etsoft');

    // Assess
    expect(requests.registeredEmailOnly).toBe(true);
    expect(requests.fee).toBe('may_charge');
  });
});

describe('D Soft', () => {
  it('has its seat in Merelbeke under the GBA, which leads, and an establishment in Oosterhout under the AP', () => {
    // Act
    const dsoft = profile('dsoft');

    // Assess
    expect(dsoft.supervisoryAuthority).toEqual(GEGEVENSBESCHERMINGSAUTORITEIT);
    expect(dsoft.establishments).toHaveLength(2);
    expect(dsoft.establishments.map((each) => [each.country, each.supervisoryAuthority])).toEqual([
      ['BE', GEGEVENSBESCHERMINGSAUTORITEIT],
      ['NL', AUTORITEIT_PERSOONSGEGEVENS],
    ]);
    expect(dsoft.establishments[0]!.postalAddress).toContain('Merelbeke');
    expect(dsoft.establishments[1]!.postalAddress).toContain('Oosterhout');
  });

  it('never exports outside the EEA', () => {
    // Act
    const { internationalTransfers } = profile('dsoft');

    // Assess
    expect(internationalTransfers.outsideEea).toBe('never');
    expect(internationalTransfers.mechanisms).toEqual([]);
    expect(internationalTransfers.source).toContain('buiten de Europese Economische Ruimte');
  });

  it('shares with suppliers and with banks, insurers and brokers to carry out a contract', () => {
    // Act
    const rule = allowed('dsoft', 'order_fulfilment');

    // Assess
    expect(rule.recipientKinds).toEqual(expect.arrayContaining(['supplier', 'financial_institution']));
  });

  it('refuses any recipient the policy does not list, citing the closing sentence of the list', () => {
    // Act
    const refused = DISCLOSURE_KINDS.filter((kind) => !profile('dsoft').disclosureRules[kind].allowed);

    // Assess
    expect(refused).toEqual(['merger_acquisition', 'debt_collection', 'fraud_prevention', 'business_partner']);
    for (const kind of refused) {
      expect(profile('dsoft').disclosureRules[kind].source).toContain('niet doorgegeven aan derden, behalve aan de ontvangers');
    }
  });

  it('keeps customer and supplier data 10 years, legal records for the statutory period, disputes until settled', () => {
    // Act
    const periods = Object.fromEntries(profile('dsoft').retention.map((rule) => [rule.category, rule.period]));

    // Assess
    expect(periods).toEqual({
      'Customer management': 'P10Y',
      'Supplier management': 'P10Y',
      'Legal obligations': 'statutory',
      Disputes: 'until_settled',
      'Direct marketing': 'P5Y',
    });
  });
});
