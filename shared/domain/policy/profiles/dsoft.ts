import { AUTORITEIT_PERSOONSGEGEVENS, GEGEVENSBESCHERMINGSAUTORITEIT } from '../authorities';
import { defineProfile } from '../policy-profile';

/** The sentence that closes the list of recipients: nobody else gets data. */
const ONLY_LISTED =
  'De door D Soft verwerkte persoonsgegevens worden niet doorgegeven aan derden, behalve aan de ontvangers zoals hierboven beschreven.';

/** D Soft promises no notice of any sharing: every rule here has mode `none`. */
const NO_NOTICE = { mode: 'none', deferrableUnderOrder: false } as const;

const MERELBEKE = 'Guldensporenpark 7, 9820 Merelbeke, België';
const OOSTERHOUT = 'Touwslagerijweg 4, 4906 CS Oosterhout, Nederland';

/** D Soft nv, Merelbeke (BE), with an establishment in Oosterhout (NL). Seed policy 004_e41584eb31da3dfd. */
export const dsoft = defineProfile({
  controllerId: 'dsoft',
  // "Maatschappelijke zetel: Guldensporenpark 7, 9820 Merelbeke België"; "Ondernemingsnummer: 0455.351.751"
  legalName: 'D Soft nv',
  country: 'BE',
  postalAddress: MERELBEKE,
  // "Verantwoordelijke GDPR: privacy@dsoft.be", for both countries: the only address the policy gives.
  contactEmail: 'privacy@dsoft.be',
  privacyEmail: 'privacy@dsoft.be',
  legalTeamEmail: 'privacy@dsoft.be',
  // No DPO in the policy, but a "Verantwoordelijke GDPR" for both countries; the phone is the Belgian seat's,
  // given in the same "Contacteer ons" block.
  breachContact: {
    name: 'D Soft nv (Verantwoordelijke GDPR)',
    email: 'privacy@dsoft.be',
    phone: '+32 9 372 70 41',
    source:
      'Het beleid noemt geen functionaris gegevensbescherming (FG), wel een Verantwoordelijke GDPR: "Hebt u vragen voor D Soft? Contacteer ons: […] Maatschappelijke zetel: Guldensporenpark 7, 9820 Merelbeke België, +32 9 372 70 41 […] Verantwoordelijke GDPR: privacy@dsoft.be"',
  },
  sender: { address: 'privacy@dsoft.be', name: 'D Soft Privacy', replyTo: 'privacy@dsoft.be' },
  languages: ['nl', 'en'],
  defaultLocale: 'nl',
  // "U hebt ook het recht om een klacht in te dienen bij de Gegevensbeschermingsautoriteit." The main
  // establishment is Merelbeke, so the GBA leads (GDPR Art. 56).
  supervisoryAuthority: GEGEVENSBESCHERMINGSAUTORITEIT,
  establishments: [
    { legalName: 'D Soft nv', country: 'BE', postalAddress: MERELBEKE, supervisoryAuthority: GEGEVENSBESCHERMINGSAUTORITEIT },
    // The policy names the Dutch entity only as "D Soft" (KvK 59326395), with its own seat.
    { legalName: 'D Soft', country: 'NL', postalAddress: OOSTERHOUT, supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS },
  ],
  disclosureRules: {
    merger_acquisition: {
      allowed: false,
      source: `Niet genoemd in het beleid: een koper is geen van de genoemde ontvangers. Het beleid zegt: "${ONLY_LISTED}"`,
    },
    // Police and justice are government bodies, and a lawful demand is a legal obligation. No notice is
    // promised, so there is nothing to defer (a hold is refused as not needed); deferrableUnderOrder says what holds
    // if a notice is ever promised.
    law_enforcement: {
      allowed: true,
      legalBases: ['legal_obligation'],
      recipientKinds: ['authority'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'none', deferrableUnderOrder: true },
      source: `Overheidsdiensten in het kader van wettelijke verplichtingen; […] ${ONLY_LISTED}`,
    },
    processor_handoff: {
      allowed: true,
      legalBases: ['contract', 'legitimate_interests'],
      recipientKinds: ['processor'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source:
        'Technische verwerkers, zoals bijvoorbeeld hosting van website, software, bestanden, … ; mits de uitvoering van de noodzakelijke verwerkersovereenkomsten.',
    },
    legal_obligation: {
      allowed: true,
      legalBases: ['legal_obligation'],
      recipientKinds: ['authority'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source: 'Overheidsdiensten in het kader van wettelijke verplichtingen;',
    },
    // Suppliers delivering directly carry out the contract for D Soft: order_fulfilment, not
    // processor_handoff (processors are the "technische verwerkers"). Banks, insurers and brokers come in
    // "in het kader van uw relatie met deze partijen", e.g. paying or financing the purchase: also here.
    order_fulfilment: {
      allowed: true,
      legalBases: ['contract', 'legitimate_interests'],
      recipientKinds: ['supplier', 'financial_institution'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source:
        'Leveranciers, in het kader van een uit te voeren overeenkomst (bijv. rechtstreekse levering); […] ' +
        'Banken, verzekeringsmaatschappijen en makelaars, in het kader van uw relatie met deze partijen;',
    },
    // Bailiffs are listed, as professional advisers; a debt collection agency is not.
    debt_collection: {
      allowed: false,
      source: `Niet genoemd in het beleid: het noemt geen incassobureaus, alleen "Onze professionele raadslieden, advocaten en deurwaarders, voor zover noodzakelijk voor hun bijstand;" Het beleid zegt: "${ONLY_LISTED}"`,
    },
    fraud_prevention: {
      allowed: false,
      source: `Niet genoemd in het beleid: het noemt geen uitwisseling tegen fraude of kredietrisico. Het beleid zegt: "${ONLY_LISTED}"`,
    },
    business_partner: {
      allowed: false,
      source: `Niet genoemd in het beleid: zakelijke partners zijn geen van de genoemde ontvangers. Het beleid zegt: "${ONLY_LISTED}"`,
    },
    // D Soft's own lawyers and bailiffs, and advisers the subject appointed. (The subject's employer, also
    // listed, is no disclosure kind of ours.)
    professional_adviser: {
      allowed: true,
      legalBases: ['legitimate_interests'],
      recipientKinds: ['professional_adviser'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source:
        'Onze professionele raadslieden, advocaten en deurwaarders, voor zover noodzakelijk voor hun bijstand; […] ' +
        'Uzelf en, indien van toepassing, (a) uw werkgever of bepaalde van uw werknemers en (b) door u aangestelde professionele adviseurs;',
    },
  },
  internationalTransfers: {
    outsideEea: 'never',
    mechanisms: [],
    source:
      'Exporteren van persoonsgegevens: de door D Soft verwerkte persoonsgegevens worden niet geëxporteerd naar landen buiten de Europese Economische Ruimte.',
  },
  thirdPartyMarketing: {
    allowed: 'never',
    source: `Niet genoemd in het beleid: geen van de genoemde ontvangers krijgt gegevens voor eigen marketing. Het beleid zegt: "${ONLY_LISTED}"`,
  },
  retention: [
    {
      category: 'Customer management',
      label: { nl: 'Gegevens voor klantenbeheer', en: 'Data for customer management' },
      period: 'P10Y',
      from: 'the end of the contractual relationship',
      source: 'Klantenbeheer: 10 jaar na het einde van de contractuele relatie',
    },
    {
      category: 'Supplier management',
      label: { nl: 'Gegevens voor leveranciersbeheer', en: 'Data for supplier management' },
      period: 'P10Y',
      from: 'the end of the contractual relationship',
      source: 'Leveranciersbeheer: 10 jaar na het einde van de contractuele relatie',
    },
    {
      category: 'Legal obligations',
      label: { nl: 'Gegevens die wij bewaren om aan onze wettelijke verplichtingen te voldoen', en: 'Data we keep to meet our legal obligations' },
      period: 'statutory',
      from: 'the start the law sets',
      source: 'Nakoming van wettelijke verplichtingen van onze kant: wettelijke bewaartermijn',
    },
    {
      category: 'Disputes',
      label: { nl: 'Gegevens voor de afhandeling van geschillen', en: 'Data for handling disputes' },
      period: 'until_settled',
      from: 'the start of the dispute',
      source: 'Beheer van geschillen: gedurende de periode die nodig is om het geschil definitief te beslechten',
    },
    {
      category: 'Direct marketing',
      label: { nl: 'Gegevens voor direct marketing', en: 'Data for direct marketing' },
      period: 'P5Y',
      from: 'the last meaningful contact with the subject',
      source: 'Direct marketing: 5 jaar na het laatste betekenisvolle contact met de betrokkene',
    },
  ],
  requests: {
    // The policy is free of charge for direct-marketing objections and silent on other fees: GDPR Art. 12(5)
    // makes them free too. It is silent on where answers go.
    registeredEmailOnly: false,
    fee: 'free',
    // Our choice: the policy names no confirmation period.
    verificationLapseDays: 14,
    source:
      'U kunt op elk moment kosteloos bezwaar maken tegen de verwerking van uw gegevens voor doeleinden van direct marketing. […] ' +
      'De bovenstaande rechten zijn onderworpen aan verschillende wettelijke voorwaarden en beperkingen.',
  },
});
