import { AUTORITEIT_PERSOONSGEGEVENS } from '../authorities';
import { defineProfile } from '../policy-profile';

/** The sentence that lists who gets data; the bullets below it say when. */
const SHARING_HEADING = 'We delen uw persoonsgegevens alleen met derden zoals koeriersdiensten, incassobureaus of bepaalde instanties.';

/** The policy promises no notice of any sharing: every rule here has mode `none`. */
const NO_NOTICE = { mode: 'none', deferrableUnderOrder: false } as const;

/**
 * Dentists4Dentists, a trade name of Tandheelkunde Innovaties B.V. (Rosmalen, KvK 56838948).
 * Seed policy 002_800da0e89da8ebad.
 */
export const dentists4dentists = defineProfile({
  controllerId: 'dentists4dentists',
  // "Dentists4Dentists is een handelsnaam van Tandheelkunde Innovaties B.V. gevestigd te Rosmalen, Oude baan 11, 5242 HT"
  legalName: 'Tandheelkunde Innovaties B.V.',
  country: 'NL',
  postalAddress: 'Oude baan 11, 5242 HT Rosmalen',
  // "kunt u contact opnemen met onze klantenservice (info@d-4-d.com)": the only address the policy gives.
  contactEmail: 'info@d-4-d.com',
  privacyEmail: 'info@d-4-d.com',
  legalTeamEmail: 'info@d-4-d.com',
  // No DPO in the policy: its customer service is the contact point.
  breachContact: {
    name: 'Tandheelkunde Innovaties B.V.',
    email: 'info@d-4-d.com',
    source:
      'Het beleid noemt geen functionaris gegevensbescherming (FG); het contactpunt dat het geeft: "Indien u vragen heeft over de wijze waarop wij uw persoonsgegevens gebruiken, kunt u contact opnemen met onze klantenservice (info@d-4-d.com)"',
  },
  sender: { address: 'privacy@d-4-d.com', name: 'Dentists4Dentists Privacy', replyTo: 'info@d-4-d.com' },
  languages: ['nl', 'en'],
  defaultLocale: 'nl',
  // "heeft u ook het recht een klacht in te dienen bij de Autoriteit Persoonsgegevens."
  supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS,
  establishments: [
    {
      legalName: 'Tandheelkunde Innovaties B.V.',
      country: 'NL',
      postalAddress: 'Oude baan 11, 5242 HT Rosmalen',
      supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS,
    },
  ],
  disclosureRules: {
    merger_acquisition: {
      allowed: false,
      source: `Niet genoemd in het beleid: het noemt geen overname of verkoop. Het beleid noemt alleen: "${SHARING_HEADING}"`,
    },
    // No notice is promised, so there is nothing to defer (a hold is refused as not needed). deferrableUnderOrder
    // says what holds if a notice is ever promised: an order may put it off.
    law_enforcement: {
      allowed: true,
      legalBases: ['legal_obligation'],
      recipientKinds: ['authority'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'none', deferrableUnderOrder: true },
      source:
        'Als wij daartoe rechtmatig worden verzocht in het kader van rechtshandhaving, bijvoorbeeld voor onderzoek naar illegale activiteiten; […] ' +
        'De verwerking is noodzakelijk om aan een wettelijke verplichting te voldoen, zoals de bewaarplicht voor administratieve gegevens of om bepaalde informatie na een politiebevel te delen voor strafrechtelijk onderzoek;',
    },
    // "derden ... om het betreffende probleem op te lossen" and hosting act for D4D: processors.
    processor_handoff: {
      allowed: true,
      legalBases: ['contract', 'legitimate_interests'],
      recipientKinds: ['processor'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source:
        'Indien u problemen ondervindt met één van onze producten of diensten, kan het zijn dat we persoonsgegevens aan derden doorgeven, zoals uw naam en klantnummer om het betreffende probleem op te lossen. […] ' +
        'Voor hosting en onderhoud worden uw persoonsgegevens opgeslagen in de Europese Unie.',
    },
    legal_obligation: {
      allowed: true,
      legalBases: ['legal_obligation'],
      recipientKinds: ['authority'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source:
        'We kunnen uw informatie verwerken om te voldoen aan wettelijke verplichtingen, bijvoorbeeld het bijhouden van een administratie of om te voldoen aan legitieme verzoeken van bevoegde autoriteiten (bijvoorbeeld politie/justitie).',
    },
    order_fulfilment: {
      allowed: true,
      legalBases: ['contract'],
      recipientKinds: ['courier', 'payment_provider'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source:
        'Zo gebruiken wij deze informatie om de bestelling te kunnen uitleveren middels koeriersdiensten met track&trace voorziening en de betaling van de bestelling te faciliteren. […] ' +
        'Koeriersdiensten zoals DHL, POSTNL, DPD etc. Deze informatie bestaat uit je voor en achternaam en de adresgegevens van de praktijk.',
    },
    // Mode `none`: the policy promises no notice of this sharing, and it only happens once the payment
    // term has passed, after the invoice and its term reached the customer. A reminder before handing
    // over is the credit controller's business, not a promise of this policy.
    debt_collection: {
      allowed: true,
      legalBases: ['legitimate_interests', 'contract'],
      recipientKinds: ['debt_collector'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source:
        'Om in voorkomend geval onze overeenkomst met u te handhaven. Wanneer bijvoorbeeld de betalingstermijn is verstreken, kunnen we uw informatie met een incassobureau delen;',
    },
    // Our reading: the policy shares "om de veiligheid, integriteit en bescherming van onze diensten te
    // waarborgen" and processes data to detect fraud; it names no credit-risk exchange.
    fraud_prevention: {
      allowed: true,
      legalBases: ['legitimate_interests'],
      recipientKinds: ['fraud_exchange'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source:
        'Zo verwerken we uw gegevens voor het opsporen en voorkomen van fraude, diefstal en ander misbruik van onze diensten. […] ' +
        'Om de veiligheid, integriteit en bescherming van onze diensten te waarborgen.',
    },
    // Consent may be withdrawn at any time, and then the sharing stops: subjectMayStop.
    business_partner: {
      allowed: true,
      legalBases: ['consent'],
      recipientKinds: ['business_partner'],
      priorConsent: true,
      subjectMayStop: true,
      notice: NO_NOTICE,
      source:
        'Wanneer u ons uitdrukkelijk toestemming hebt gegeven voor een verwerking, bijvoorbeeld voor het delen van gegevens met partners voor commerciële doeleinden. […] ' +
        'Wanneer de bewerking berust op toestemming, heeft u te allen tijde het recht om uw toestemming in te trekken. In dat geval zullen we de betreffende verwerking van uw gegevens beëindigen.',
    },
    // Lawyers to enforce claims or defend against them; auditors under "audits".
    professional_adviser: {
      allowed: true,
      legalBases: ['legitimate_interests'],
      recipientKinds: ['professional_adviser'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source:
        'Om onze rechten naar derden toe af te dwingen of onszelf te verdedigen tegen vorderingen of beweringen van derden; […] ' +
        'We verwerken uw gegevens bijvoorbeeld voor archiveringsdoeleinden, verzekeringen, managementrapportages, audits en andere administratieve doeleinden.',
    },
  },
  internationalTransfers: {
    outsideEea: 'never',
    mechanisms: [],
    source:
      'Voor hosting en onderhoud worden uw persoonsgegevens opgeslagen in de Europese Unie. […] ' +
      'Zoals hierboven beschreven kunnen we ook gegevens delen met aan ons gelieerde groepsondernemingen. Deze zijn alle in de Europese Unie gevestigd.',
  },
  thirdPartyMarketing: {
    allowed: 'with_consent',
    source:
      'Wanneer u ons uitdrukkelijk toestemming hebt gegeven voor een verwerking, bijvoorbeeld voor het delen van gegevens met partners voor commerciële doeleinden.',
  },
  retention: [
    {
      // The policy gives no start; Dutch tax law counts the seven years from the end of the financial year.
      category: 'Copies of invoices',
      label: { nl: 'Kopieën van facturen', en: 'Copies of invoices' },
      period: 'P7Y',
      from: 'the invoice date',
      source: 'Wij zijn bijvoorbeeld wettelijk verplicht gegevens zoals kopieën van facturen gedurende zeven jaar te bewaren.',
    },
    {
      category: 'Other data the law requires to keep after the account is closed',
      label: { nl: 'Andere gegevens die wij na opzegging van uw account wettelijk moeten bewaren', en: 'Other data the law requires us to keep after your account is closed' },
      period: 'statutory',
      from: 'closing the account',
      source:
        'Na opzegging verwijderen we uw persoonsgegevens zonder onnodige vertraging, maar met uitzondering van de informatie die we wettelijk verplicht zijn te bewaren.',
    },
  ],
  requests: {
    // The policy is silent on where answers go and on fees: GDPR Art. 12(5) makes requests free.
    registeredEmailOnly: false,
    fee: 'free',
    // Our choice: the policy names no confirmation period.
    verificationLapseDays: 14,
    source:
      'Het beleid noemt geen vergoeding. Het beleid zegt alleen: "Als u bepaalde persoonsgegevens niet zelf kunt inzien, corrigeren of wissen, als u een kopie van uw persoonsgegevens wilt of als u een verzoek voor de beperking van verwerkingen wilt indienen, dan kunt u contact opnemen met onze klantenservice."',
  },
});
