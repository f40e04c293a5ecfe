import type { DisclosureKind, LegalBasis, RecipientKind } from '../disclosure/disclosure';
import type { Locale } from '../locale';

/** How a notice names each kind of disclosure; stands alone after a label, so capitalised. */
export const DISCLOSURE_KIND_LABELS: Readonly<Record<Locale, Readonly<Record<DisclosureKind, string>>>> = {
  nl: {
    merger_acquisition: 'Overdracht bij een fusie of overname',
    law_enforcement: 'Verstrekking aan een opsporings- of handhavingsinstantie',
    processor_handoff: 'Overdracht aan een verwerker die de gegevens in onze opdracht verwerkt',
    legal_obligation: 'Verstrekking omdat de wet ons daartoe verplicht, bijvoorbeeld aan de Belastingdienst',
    order_fulfilment: 'Verstrekking om uw bestelling te leveren of te laten betalen',
    debt_collection: 'Verstrekking om een openstaande betaling te innen',
    fraud_prevention: 'Verstrekking om fraude te voorkomen of kredietrisico te beoordelen',
    business_partner: 'Verstrekking aan een zakelijke partner',
    professional_adviser: 'Verstrekking aan een adviseur, zoals een advocaat, accountant of deurwaarder',
  },
  en: {
    merger_acquisition: 'Transfer as part of a merger or acquisition',
    law_enforcement: 'Disclosure to a law enforcement or regulatory authority',
    processor_handoff: 'Transfer to a processor acting on our behalf',
    legal_obligation: 'Disclosure required by law, for example to the tax authority',
    order_fulfilment: 'Disclosure to deliver your order or to process its payment',
    debt_collection: 'Disclosure to collect an unpaid amount',
    fraud_prevention: 'Disclosure to prevent fraud or to assess credit risk',
    business_partner: 'Disclosure to a business partner',
    professional_adviser: 'Disclosure to an adviser, such as a lawyer, accountant or bailiff',
  },
};

/** GDPR Art. 6(1) grounds, short, with the provision so a reader can look it up. */
export const LEGAL_BASIS_LABELS: Readonly<Record<Locale, Readonly<Record<LegalBasis, string>>>> = {
  nl: {
    consent: 'Toestemming (artikel 6 lid 1 sub a AVG)',
    contract: 'Uitvoering van een overeenkomst (artikel 6 lid 1 sub b AVG)',
    legal_obligation: 'Wettelijke verplichting (artikel 6 lid 1 sub c AVG)',
    vital_interests: 'Bescherming van vitale belangen (artikel 6 lid 1 sub d AVG)',
    public_task: 'Taak van algemeen belang of openbaar gezag (artikel 6 lid 1 sub e AVG)',
    legitimate_interests: 'Gerechtvaardigd belang (artikel 6 lid 1 sub f AVG)',
  },
  en: {
    consent: 'Consent (Article 6(1)(a) GDPR)',
    contract: 'Performance of a contract (Article 6(1)(b) GDPR)',
    legal_obligation: 'Legal obligation (Article 6(1)(c) GDPR)',
    vital_interests: 'Protection of vital interests (Article 6(1)(d) GDPR)',
    public_task: 'Public interest or official authority (Article 6(1)(e) GDPR)',
    legitimate_interests: 'Legitimate interests (Article 6(1)(f) GDPR)',
  },
};

/** What kind of organisation the recipient is; shown in brackets after its name, so lower case. */
export const RECIPIENT_KIND_LABELS: Readonly<Record<Locale, Readonly<Record<RecipientKind, string>>>> = {
  nl: {
    acquirer: 'overnemende partij',
    authority: 'overheidsinstantie',
    processor: 'verwerker',
    courier: 'bezorgdienst',
    payment_provider: 'betaaldienstverlener',
    debt_collector: 'incassobureau',
    fraud_exchange: 'samenwerkingsverband voor fraudebestrijding',
    business_partner: 'zakelijke partner',
    professional_adviser: 'externe adviseur',
    supplier: 'leverancier',
    financial_institution: 'financiële instelling',
    other: 'andere organisatie',
  },
  en: {
    acquirer: 'acquiring company',
    authority: 'public authority',
    processor: 'processor',
    courier: 'courier',
    payment_provider: 'payment service provider',
    debt_collector: 'debt collection agency',
    fraud_exchange: 'fraud prevention network',
    business_partner: 'business partner',
    professional_adviser: 'professional adviser',
    supplier: 'supplier',
    financial_institution: 'financial institution',
    other: 'other organisation',
  },
};
