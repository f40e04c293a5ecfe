import { AUTORITEIT_PERSOONSGEGEVENS } from '../authorities';
import { defineProfile } from '../policy-profile';

/** The one sentence that promises a notice for every kind of sharing the policy lists. */
const NOTICE_PROMISE =
  'In alle bovenstaande gevallen zullen we u op de hoogte stellen dat uw persoonsgegevens zijn gedeeld met een derde partij.';

/** The sharing the policy lists, for the kinds it does not name. */
const DISCLOSURE_HEADING =
  'Ten behoeve van onze gerechtvaardigde belangen kunnen we in de volgende gevallen uw persoonsgegevens delen met derde partijen:';

const LEGAL_OBLIGATION_CASE =
  'Indien wij verplicht zijn om uw persoonsgegevens bekend te maken of te delen teneinde te voldoen aan wettelijke verplichtingen of om onze gebruiksvoorwaarden en andere overeenkomsten te handhaven of de rechten, eigendom of veiligheid van ons of onze groep, onze klanten en leveranciers of anderen te beschermen.';

/** Softmedex and affiliated companies. Seed policy 000_a457989d273710cf. */
export const softmedex = defineProfile({
  controllerId: 'softmedex',
  // The policy names no legal form or address: "Softmedex of aan haar gelieerde ondernemingen".
  legalName: 'Softmedex',
  country: 'NL',
  // "Neem dan contact met ons op per e-mail via info@softmedex.com."
  contactEmail: 'info@softmedex.com',
  privacyEmail: 'info@softmedex.com',
  // The policy names no legal or DPO address: reminders go to the one address it gives.
  legalTeamEmail: 'info@softmedex.com',
  // No DPO in the policy: its questions-and-complaints address is the contact point.
  breachContact: {
    name: 'Softmedex',
    email: 'info@softmedex.com',
    source: 'Het beleid noemt geen functionaris gegevensbescherming (FG); het contactpunt dat het geeft: "Hebt u vragen over uw persoonlijke gegevens? Neem dan contact met ons op per e-mail via info@softmedex.com."',
  },
  // The policy names no sending address; notices go from the privacy mailbox and answers go to info@.
  sender: { address: 'privacy@softmedex.com', name: 'Softmedex Privacy', replyTo: 'info@softmedex.com' },
  languages: ['nl', 'en'],
  defaultLocale: 'nl',
  // "Klachten ... kunt u ook richten aan een van de volgende nationale gegevensbeschermingsautoriteiten."
  // The list of authorities is not in the published text; Softmedex is Dutch, so the AP leads.
  supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS,
  establishments: [{ legalName: 'Softmedex', country: 'NL', supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS }],
  disclosureRules: {
    merger_acquisition: {
      allowed: true,
      legalBases: ['legitimate_interests'],
      recipientKinds: ['acquirer'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'after', deferrableUnderOrder: false },
      source:
        'Indien wij een bedrijf of activa kopen of verkopen mogen wij uw persoonsgegevens bekendmaken aan de potentiële koper of verkoper van het bedrijf of de activa in kwestie. […] ' +
        'Indien Softmedex of vrijwel al haar activa worden overgenomen door een derde partij, behoren persoonsgegevens bijgehouden van klanten en leveranciers en/of hun medewerkers tot de overgedragen activa. […] ' +
        NOTICE_PROMISE,
    },
    // A police or judicial demand is the policy's "wettelijke verplichtingen" case. The notice it promises
    // still goes out, but a non-disclosure order may hold it back until the order ends.
    law_enforcement: {
      allowed: true,
      legalBases: ['legal_obligation'],
      recipientKinds: ['authority'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'after', deferrableUnderOrder: true },
      source: `${LEGAL_OBLIGATION_CASE} […] ${NOTICE_PROMISE}`,
    },
    // Softmedex uses processors (Zendesk for chat; "derde verwerkende partijen"). A processor acts for
    // Softmedex and is no third party (GDPR Art. 4(10)), and the notice promise covers only the listed
    // cases: no notice. Our reading.
    processor_handoff: {
      allowed: true,
      legalBases: ['contract', 'legitimate_interests'],
      recipientKinds: ['processor'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'none', deferrableUnderOrder: false },
      source:
        'We gebruiken Zendesk zodat ingelogde klanten met ons kunnen chatten. […] ' +
        'In dergelijke gevallen waarborgt Softmedex dat alleen landen en/of derde verwerkende partijen die voldoen aan de EU-regelgeving worden gebruikt met behulp van middelen voorgeschreven door de EU-AVG.',
    },
    // A tax or other government request; no gag order is expected here, so the notice is not deferrable.
    legal_obligation: {
      allowed: true,
      legalBases: ['legal_obligation'],
      recipientKinds: ['authority'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'after', deferrableUnderOrder: false },
      source: `${LEGAL_OBLIGATION_CASE} […] ${NOTICE_PROMISE}`,
    },
    order_fulfilment: {
      allowed: false,
      source: `Niet genoemd in het beleid: het noemt geen koeriers of betaaldienstverleners. Het beleid noemt alleen: "${DISCLOSURE_HEADING}"`,
    },
    // Our reading: handing an unpaid invoice to a collector is enforcing "andere overeenkomsten".
    debt_collection: {
      allowed: true,
      legalBases: ['legitimate_interests'],
      recipientKinds: ['debt_collector'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'after', deferrableUnderOrder: false },
      source: `${LEGAL_OBLIGATION_CASE} […] ${NOTICE_PROMISE}`,
    },
    fraud_prevention: {
      allowed: true,
      legalBases: ['legitimate_interests'],
      recipientKinds: ['fraud_exchange'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'after', deferrableUnderOrder: false },
      source:
        'Ten behoeve van de gerechtvaardigde belangen van Softmedex en aan haar gelieerde groepsondernemingen door het uitwisselen van informatie met andere ondernemingen en organisaties om fraude tegen te gaan en kredietrisico’s te beperken. […] ' +
        NOTICE_PROMISE,
    },
    business_partner: {
      allowed: false,
      source:
        'Softmedex deelt geen persoonsgegevens van klanten of leveranciers en/of hun medewerkers met derde partijen voor verdere marketingactiviteiten door deze derde partijen.',
    },
    // Our reading: lawyers and bailiffs are how Softmedex would enforce its terms or protect its rights.
    professional_adviser: {
      allowed: true,
      legalBases: ['legitimate_interests'],
      recipientKinds: ['professional_adviser'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'after', deferrableUnderOrder: false },
      source: `${LEGAL_OBLIGATION_CASE} […] ${NOTICE_PROMISE}`,
    },
  },
  // "middelen voorgeschreven door de EU-AVG" are the Chapter V safeguards: adequacy, SCCs, BCRs.
  internationalTransfers: {
    outsideEea: 'with_safeguards',
    mechanisms: ['adequacy', 'sccs', 'bcr'],
    source:
      'Hoewel dit niet gebruikelijk is voor Softmedex, kunnen gegevens ook worden overgedragen aan en opgeslagen in een bestemming buiten de EU. In dergelijke gevallen waarborgt Softmedex dat alleen landen en/of derde verwerkende partijen die voldoen aan de EU-regelgeving worden gebruikt met behulp van middelen voorgeschreven door de EU-AVG.',
  },
  thirdPartyMarketing: {
    allowed: 'never',
    source:
      'Softmedex deelt geen persoonsgegevens van klanten of leveranciers en/of hun medewerkers met derde partijen voor verdere marketingactiviteiten door deze derde partijen.',
  },
  // The policy gives no periods; it only keeps what the law makes it keep after an erasure request.
  retention: [
    {
      category: 'Personal data Softmedex must keep by law',
      label: { nl: 'Persoonsgegevens die Softmedex wettelijk moet bewaren', en: 'Personal data Softmedex must keep by law' },
      period: 'statutory',
      from: 'the erasure request, or the end of the purpose the data was collected for',
      source:
        'Het recht op gedeeltelijke of volledige verwijdering van uw persoonsgegevens, behoudens concurrentierechten en wettelijke verplichtingen van Softmedex',
    },
  ],
  requests: {
    // The policy says nothing about where answers go; our choice: any verified address.
    registeredEmailOnly: false,
    fee: 'free',
    // Our choice: the policy names no confirmation period.
    verificationLapseDays: 14,
    source: 'Verzoeken voor toegang tot gegevens zullen kosteloos in behandeling worden genomen.',
  },
});
