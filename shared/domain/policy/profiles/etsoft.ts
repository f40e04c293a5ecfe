import { AUTORITEIT_PERSOONSGEGEVENS } from '../authorities';
import { defineProfile } from '../policy-profile';

const SERVICE_PROVIDERS =
  'we zijn afhankelijk van derden om namens ons diensten en producten te leveren en kunnen uw persoonlijke informatie met hen delen als dat passend is en als u vooraf goedkeuring heeft verleend.';

const OTHER_CASES =
  'bovendien kan ETSOFT informatie bekendmaken om: geldende wetten na te leven, te reageren op overheidsverzoeken of verzoeken van openbare instanties, geldige wettelijke procedures na te leven […]';

const REMEDIES =
  'bovendien kan ETSOFT informatie bekendmaken om: […] in staat te zijn om beschikbare (rechts)middelen toe te passen of de schade die wij kunnen lijden, te beperken […]';

const SHARING_HEADING =
  'Om u het verwachte niveau van professionaliteit te bieden en u te voorzien van het beste serviceniveau kunnen we uw persoonlijke informatie delen met onze dienstverleners en andere derden, zoals hieronder meer gedetailleerd uiteengezet wordt:';

/** Only the business transaction comes with a promised notice; every other rule has mode `none`. */
const NO_NOTICE = { mode: 'none', deferrableUnderOrder: false } as const;

/** ETSoft, Hulst. Seed policy 003_b38e9812a0b50038. */
export const etsoft = defineProfile({
  controllerId: 'etsoft',
  // The policy names no legal form: "ETSoft te Hulst".
  legalName: 'ETSoft',
  country: 'NL',
  postalAddress: 'Spoorwaterstraat 13, 4561 ZH Hulst',
  // "kunt u contact met ons opnemen per e-mail: info@etsoft.nl of per post: ETSOft; Spoorwaterstraat 13; 4561 ZH Hulst"
  contactEmail: 'info@etsoft.nl',
  privacyEmail: 'info@etsoft.nl',
  legalTeamEmail: 'info@etsoft.nl',
  // No DPO in the policy: its "Contact opnemen" address is the contact point.
  breachContact: {
    name: 'ETSoft',
    email: 'info@etsoft.nl',
    source:
      'Het beleid noemt geen functionaris gegevensbescherming (FG); het contactpunt dat het geeft: "Als u vragen hebt over deze Verklaring of wilt weten hoe ETSOft uw persoonlijke informatie verwerkt, kunt u contact met ons opnemen per e-mail: info@etsoft.nl of per post: ETSOft; Spoorwaterstraat 13; 4561 ZH Hulst; Nederland."',
  },
  sender: { address: 'privacy@etsoft.nl', name: 'ETSoft Privacy', replyTo: 'info@etsoft.nl' },
  languages: ['nl', 'en'],
  defaultLocale: 'nl',
  // The policy names no authority; ETSoft is Dutch, so the AP.
  supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS,
  establishments: [
    {
      legalName: 'ETSoft',
      country: 'NL',
      postalAddress: 'Spoorwaterstraat 13, 4561 ZH Hulst',
      supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS,
    },
  ],
  disclosureRules: {
    // The policy promises notice of the intent and a way to object, but names no period: 30 days is our
    // choice. It gives the notice "Voor zover door lokale wetgeving vereist"; we always give it.
    merger_acquisition: {
      allowed: true,
      legalBases: ['legitimate_interests'],
      recipientKinds: ['acquirer'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'before', objectionDays: 30, deferrableUnderOrder: false },
      source:
        'In dergelijke omstandigheden kan ETSOFT verzamelde informatie overdragen, verkopen of toewijzen, inclusief, zonder beperking, andere informatie (hieronder beschreven) en persoonlijke informatie, aan een of meer geaffilieerde of niet-geaffilieerde externe partijen verbonden met deze zakelijke transacties. ' +
        'Voor zover door lokale wetgeving vereist, zullen we een kennisgeving verstrekken van onze intentie om persoonlijke informatie voor dit doel aan een derde over te dragen en uitleggen hoe u bezwaar kunt maken tegen een dergelijke overdracht.',
    },
    // A police or judicial demand is a "geldige wettelijke procedure". No notice is promised, so there is
    // nothing to defer (a hold is refused as not needed); deferrableUnderOrder says what holds if a notice is
    // ever promised.
    law_enforcement: {
      allowed: true,
      legalBases: ['legal_obligation'],
      recipientKinds: ['authority'],
      priorConsent: false,
      subjectMayStop: false,
      notice: { mode: 'none', deferrableUnderOrder: true },
      source: OTHER_CASES,
    },
    // Both bases: the prior approval is the condition; the service itself is delivered under the contract.
    processor_handoff: {
      allowed: true,
      legalBases: ['consent', 'contract'],
      recipientKinds: ['processor'],
      priorConsent: true,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source: SERVICE_PROVIDERS,
    },
    legal_obligation: {
      allowed: true,
      legalBases: ['legal_obligation'],
      recipientKinds: ['authority'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source: OTHER_CASES,
    },
    // Our reading: a courier or payment provider delivers products "namens ons", so it is one of the
    // service providers, which need the subject's prior approval. The policy names no courier.
    order_fulfilment: {
      allowed: true,
      legalBases: ['consent', 'contract'],
      recipientKinds: ['courier', 'payment_provider'],
      priorConsent: true,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source: SERVICE_PROVIDERS,
    },
    // Our reading: handing a claim to a collector is applying the "(rechts)middelen" the policy reserves.
    debt_collection: {
      allowed: true,
      legalBases: ['legitimate_interests'],
      recipientKinds: ['debt_collector'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source: REMEDIES,
    },
    // The policy never mentions fraud or credit risk, nor any exchange with other companies.
    fraud_prevention: {
      allowed: false,
      source: `Niet genoemd in het beleid: het noemt geen uitwisseling tegen fraude of kredietrisico. Het beleid noemt alleen: "${SHARING_HEADING}"`,
    },
    business_partner: {
      allowed: true,
      legalBases: ['consent'],
      recipientKinds: ['business_partner'],
      priorConsent: true,
      subjectMayStop: true,
      notice: NO_NOTICE,
      source:
        'we kunnen met anderen samenwerken om u diensten te verstrekken op basis van uw ervaringen bij ETSOFT maar zullen nooit persoonlijke gegevens delen tenzij u vooraf goedkeuring heeft verleend. […] ' +
        'Bovendien kunt u, in bepaalde omstandigheden in naleving met de toepasbare wetgeving, verzoeken dat wij niet langer persoonlijke informatie over u delen met onze zakelijke partners',
    },
    // The accountant sees invoicing data; the policy calls it "verwerker", but an accountant keeping the
    // books is a professional adviser in our kinds. Lawyers come under the "(rechts)middelen".
    professional_adviser: {
      allowed: true,
      legalBases: ['legal_obligation', 'legitimate_interests'],
      recipientKinds: ['professional_adviser'],
      priorConsent: false,
      subjectMayStop: false,
      notice: NO_NOTICE,
      source:
        'als u een factuur per e-mail ontvangt wordt er een overzicht van de goederen en diensten die u aan u zijn verschaft inzichtelijk voor de verwerker (accountant of diegene die de administratie doet). […] ' +
        REMEDIES,
    },
  },
  // The policy names no transfer outside the EU and no safeguard: none is allowed.
  internationalTransfers: {
    outsideEea: 'never',
    mechanisms: [],
    source:
      'Niet genoemd in het beleid: het noemt geen doorgifte buiten de EU en geen waarborgen. Het beleid zegt alleen: "Hoewel deze Verklaring de praktijken die wij hebben ingesteld breed beschrijft, is de Algemene Verordening Gegevensbescherming (AVG) in de landen van de Europese Unie (\'EU\') bepalend."',
  },
  thirdPartyMarketing: {
    allowed: 'with_consent',
    source:
      'we kunnen met anderen samenwerken om u diensten te verstrekken op basis van uw ervaringen bij ETSOFT maar zullen nooit persoonlijke gegevens delen tenzij u vooraf goedkeuring heeft verleend.',
  },
  // The policy gives no periods: only as long as the purpose needs, longer where the law requires.
  retention: [
    {
      category: 'Personal information the law requires or allows to keep longer',
      label: { nl: 'Persoonlijke informatie die de wet ons verplicht of toestaat langer te bewaren', en: 'Personal information the law requires or allows us to keep longer' },
      period: 'statutory',
      from: 'the end of the purpose it was collected for',
      source:
        'Wij bewaren persoonlijke informatie over u gedurende de periode die vereist is voor het uitvoeren van de doelen beschreven in deze Verklaring, tenzij een langere bewaarperiode vereist of toegelaten is door de geldende wet.',
    },
  ],
  requests: {
    registeredEmailOnly: true,
    fee: 'may_charge',
    // Our choice: the policy names no confirmation period.
    verificationLapseDays: 14,
    source:
      'Wij zullen alle vereiste updates en wijzigingen aanbrengen binnen de door de geldende wet vermelde termijn en, waar toegelaten door de wet, een toepasselijke vergoeding in rekening brengen om de kosten voor het reageren op het verzoek, te dekken. […] ' +
      'Om uw verzoek vertrouwelijk te kunnen behandelen reageren wij alleen via het e-mail adres dat u hebt geregistreerd of anderszins aan ons hebt gegeven.',
  },
});
