import { AUTORITEIT_PERSOONSGEGEVENS } from '../authorities';
import { defineProfile, type DisclosureRule } from '../policy-profile';

/** The sentence that limits all sharing to the parties carrying out an order. */
const ONLY_ORDER_PARTIES =
  'Wij zullen uw gegevens niet aan derden verkopen of verhuren en deze uitsluitend aan derden die bij het uitvoeren van uw bestelling betrokken zijn ter beschikking stellen.';

/** Every kind but order fulfilment is outside the published policy. */
function refused(why: string): DisclosureRule {
  return { allowed: false, source: `${why} Het beleid zegt: "${ONLY_ORDER_PARTIES}"` };
}

/** Softshop: web shop and PC repair. Seed policy 001_070f28f67b8c478a. */
export const softshop = defineProfile({
  controllerId: 'softshop',
  // The policy names no legal form and no address.
  legalName: 'Softshop',
  country: 'NL',
  // "of mail naar [email protected]": the published copy hides the address behind e-mail protection, so
  // the address is not in the text. info@softshop.nl is our assumption, to confirm with Softshop.
  contactEmail: 'info@softshop.nl',
  privacyEmail: 'info@softshop.nl',
  legalTeamEmail: 'info@softshop.nl',
  // No DPO in the policy: its customer service is the contact point (the address is our assumption, see above).
  breachContact: {
    name: 'Softshop',
    email: 'info@softshop.nl',
    source:
      'Het beleid noemt geen functionaris gegevensbescherming (FG); het contactpunt dat het geeft: "Mocht u nog vragen hebben over onze Privacy Policy dan kun u contact opnemen met onze klantenservice. of mail naar [email protected]" Het adres is in de gepubliceerde tekst verborgen; info@softshop.nl is onze aanname.',
  },
  sender: { address: 'privacy@softshop.nl', name: 'Softshop Privacy', replyTo: 'info@softshop.nl' },
  languages: ['nl', 'en'],
  defaultLocale: 'nl',
  // The policy names no authority; Softshop is Dutch, so the AP.
  supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS,
  establishments: [{ legalName: 'Softshop', country: 'NL', supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS }],
  disclosureRules: {
    merger_acquisition: {
      allowed: false,
      source: `Softshop verkoopt uw gegevens niet! […] ${ONLY_ORDER_PARTIES} […] Softshop zal uw persoonlijke gegevens onder geen bieding verkopen.`,
    },
    // A legal demand can still be recorded, as an approved exception: the policy itself allows none.
    law_enforcement: refused('Niet genoemd in het beleid: het noemt geen verstrekking aan politie of justitie.'),
    // "derden die door Softshop worden ingeschakeld" are bound to confidentiality, but the policy only
    // lets data go to those carrying out the order: a processor outside that is not covered.
    processor_handoff: refused('Niet genoemd in het beleid: het noemt geen verwerkers buiten de uitvoering van de bestelling.'),
    legal_obligation: refused('Niet genoemd in het beleid: het noemt geen verstrekking aan overheidsinstanties.'),
    // The payment partner is named; couriers are our reading of "uitvoeren van uw bestelling" with an
    // "afleveradres". The policy promises no notice of this sharing.
    order_fulfilment: {
      allowed: true,
      legalBases: ['contract'],
      recipientKinds: ['courier', 'payment_provider'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'none', deferrableUnderOrder: false },
      source: `${ONLY_ORDER_PARTIES} […] Online betalingen worden afgehandeld door onze betalingspartner Multisafepay.`,
    },
    debt_collection: refused('Niet genoemd in het beleid: het noemt geen incassobureaus.'),
    fraud_prevention: refused('Niet genoemd in het beleid: het noemt geen uitwisseling tegen fraude of kredietrisico.'),
    business_partner: {
      allowed: false,
      source: `${ONLY_ORDER_PARTIES} […] In dit kader ontvangt u geen aanbiedingen van derden.`,
    },
    professional_adviser: refused('Niet genoemd in het beleid: het noemt geen advocaten, accountants of deurwaarders.'),
  },
  // Google Analytics sends usage data (with the IP address) to the US, but that is cookie data outside this
  // pipeline; for customer data the policy names no transfer and no safeguard, so none is allowed.
  internationalTransfers: {
    outsideEea: 'never',
    mechanisms: [],
    source: `Niet genoemd in het beleid voor klantgegevens: het noemt geen waarborgen voor doorgifte. Het beleid zegt alleen: "${ONLY_ORDER_PARTIES}"`,
  },
  thirdPartyMarketing: {
    allowed: 'never',
    source: `${ONLY_ORDER_PARTIES} […] In dit kader ontvangt u geen aanbiedingen van derden.`,
  },
  retention: [
    {
      // "mits u zakelijke klant bent" is as published (probably meant "tenzij"); the period is clear.
      category: 'Customer data',
      label: { nl: 'Klantgegevens', en: 'Customer data' },
      period: 'P10M',
      from: 'the order',
      source:
        'Als u bij Softshop besteld , wordt uw klantgegevens tot 10 maanden opgeslagen , daarna worden uw klantgegevens mits u zakelijke klant bent verwijderd',
    },
    {
      // Deleted between day 14 and day 30: 30 days is the latest. The customer may ask for longer or shorter.
      category: 'Backups made during repair or reinstallation',
      label: { nl: 'Back-ups die wij tijdens een reparatie of herinstallatie hebben gemaakt', en: 'Backups we made during a repair or reinstallation' },
      period: 'P30D',
      from: 'delivery of the work',
      source:
        'Dit betekent dat uw back-upgegevens tussen 14 en 30 dagen na oplevering van de werkzaamheden door ons worden verwijderd. […] Van de hierboven vermelde bewaartermijnen kan altijd op uw verzoek worden afgeweken, zo kunnen back-upgegevens langer worden bewaard, indien u dit wenselijk vindt.',
    },
  ],
  requests: {
    // The policy says nothing about where answers go or what they cost: GDPR Art. 12(5) makes them free.
    registeredEmailOnly: false,
    fee: 'free',
    // Our choice: the policy names no confirmation period.
    verificationLapseDays: 14,
    source:
      'Het beleid noemt geen vergoeding. Het beleid zegt alleen: "Verder hebt u altijd recht op inzage, correctie en/of verwijdering van de opgegeven persoonsgegevens."',
  },
});
