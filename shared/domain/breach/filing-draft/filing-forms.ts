import { AUTORITEIT_PERSOONSGEGEVENS, GEGEVENSBESCHERMINGSAUTORITEIT } from '../../policy/authorities';
import type { FilingLanguage } from './draft-format';

/** Every question a draft answers, whatever the form: each form orders and words them its own way. */
export const DRAFT_FIELD_IDS = [
  'filingType',
  'previousReference',
  'organisation',
  'postalAddress',
  'contactName',
  'contactEmail',
  'contactPhone',
  'summary',
  'source',
  'occurredAt',
  'awareAt',
  'nature',
  'dataCategories',
  'specialCategories',
  'subjectGroups',
  'approxSubjects',
  'approxRecords',
  'consequences',
  'riskAssessment',
  'measuresTaken',
  'measuresProposed',
  'informSubjects',
  'crossBorder',
  'deadline',
  'late',
  'delayReasons',
] as const;
export type DraftFieldId = (typeof DRAFT_FIELD_IDS)[number];

/** What Art. 33(3) requires a filing to give, point by point, and the reasons for a late one (Art. 33(1)). */
export const ART33_ELEMENTS = ['a', 'b', 'c', 'd', 'delay'] as const;
export type Art33Element = (typeof ART33_ELEMENTS)[number];

/**
 * The field answering each element: (a) the nature of the breach with the categories and approximate numbers
 * of subjects and records, (b) the DPO's or contact point's name and contact details, (c) the likely
 * consequences, (d) the measures taken or proposed, mitigation included; `delay` the reasons of Art. 33(1).
 */
export const ART33_OF: Readonly<Partial<Record<DraftFieldId, Art33Element>>> = {
  summary: 'a',
  nature: 'a',
  dataCategories: 'a',
  specialCategories: 'a',
  subjectGroups: 'a',
  approxSubjects: 'a',
  approxRecords: 'a',
  contactName: 'b',
  contactEmail: 'b',
  contactPhone: 'b',
  consequences: 'c',
  measuresTaken: 'd',
  measuresProposed: 'd',
  delayReasons: 'delay',
};

export interface FilingAuthority {
  name: string;
  country: string;
  website: string;
  /** The authority's own form, whose questions the draft answers in order. */
  form: string;
}

/** An authority's web form in one language: its sections, each with its questions as the form asks them. */
export interface FilingForm {
  authority: FilingAuthority;
  language: FilingLanguage;
  phaseNames: Readonly<Record<'initial' | 'supplement', string>>;
  sections: readonly { id: string; title: string; fields: readonly (readonly [DraftFieldId, string])[] }[];
}

/** The Dutch Autoriteit Persoonsgegevens' "Meldformulier datalekken", in the order of its questions. */
const AP_NL: FilingForm = {
  authority: { ...AUTORITEIT_PERSOONSGEGEVENS, form: 'AP meldformulier datalekken' },
  language: 'nl',
  phaseNames: { initial: 'Nieuwe melding', supplement: 'Aanvulling op een eerdere melding' },
  sections: [
    {
      id: 'melding',
      title: 'Soort melding',
      fields: [
        ['filingType', 'Wilt u een nieuwe melding doen of een eerdere melding aanvullen?'],
        ['previousReference', 'Meldnummer van de eerdere melding'],
      ],
    },
    {
      id: 'organisatie',
      title: 'Gegevens organisatie',
      fields: [
        ['organisation', 'Naam organisatie'],
        ['postalAddress', 'Adres'],
        ['contactName', 'Contactpersoon: functionaris gegevensbescherming (FG) of ander contactpunt'],
        ['contactEmail', 'E-mailadres contactpersoon'],
        ['contactPhone', 'Telefoonnummer contactpersoon'],
      ],
    },
    {
      id: 'datalek',
      title: 'Over het datalek',
      fields: [
        ['summary', 'Samenvatting van het incident'],
        ['source', 'Waar deed het datalek zich voor?'],
        ['occurredAt', 'Wanneer vond het datalek plaats?'],
        ['awareAt', 'Wanneer is het datalek ontdekt?'],
        ['nature', 'Wat is de aard van de inbreuk?'],
        ['dataCategories', 'Om welke soorten persoonsgegevens gaat het?'],
        ['specialCategories', 'Gaat het om bijzondere of strafrechtelijke persoonsgegevens?'],
        ['subjectGroups', 'Om welke groep personen gaat het?'],
        ['approxSubjects', 'Van hoeveel personen zijn persoonsgegevens betrokken bij het datalek?'],
        ['approxRecords', 'Hoeveel gegevensrecords zijn betrokken bij het datalek?'],
      ],
    },
    {
      id: 'gevolgen',
      title: 'Gevolgen van het datalek',
      fields: [
        ['consequences', 'Welke gevolgen kan het datalek hebben voor de betrokkenen?'],
        ['riskAssessment', 'Hoe is het risico voor de betrokkenen beoordeeld?'],
      ],
    },
    {
      id: 'maatregelen',
      title: 'Vervolgacties naar aanleiding van het datalek',
      fields: [
        ['measuresTaken', 'Welke maatregelen zijn genomen om het datalek aan te pakken en de gevolgen te beperken?'],
        ['measuresProposed', 'Welke maatregelen worden nog genomen?'],
      ],
    },
    { id: 'betrokkenen', title: 'Informeren betrokkenen', fields: [['informSubjects', 'Informeert uw organisatie de betrokkenen?']] },
    {
      id: 'internationaal',
      title: 'Internationale aspecten',
      fields: [['crossBorder', 'Heeft de organisatie vestigingen in andere EU-landen (grensoverschrijdende verwerking)?']],
    },
    {
      id: 'termijn',
      title: 'Te late melding',
      fields: [
        ['deadline', 'Uiterste meldtermijn'],
        ['late', 'Doet u de melding later dan 72 uur na de ontdekking?'],
        ['delayReasons', 'Wat zijn de redenen voor de vertraging?'],
      ],
    },
  ],
};

/** The Belgian Gegevensbeschermingsautoriteit's form for a data breach, in Dutch. */
const GBA_NL: FilingForm = {
  authority: { ...GEGEVENSBESCHERMINGSAUTORITEIT, form: 'GBA formulier melding gegevenslek' },
  language: 'nl',
  phaseNames: { initial: 'Eerste melding', supplement: 'Aanvullende melding' },
  sections: [
    {
      id: 'melding',
      title: 'Type melding',
      fields: [
        ['filingType', 'Betreft het een eerste of een aanvullende melding?'],
        ['previousReference', 'Referentie van de eerste melding'],
      ],
    },
    {
      id: 'verwerkingsverantwoordelijke',
      title: 'Identificatie van de verwerkingsverantwoordelijke',
      fields: [
        ['organisation', 'Naam'],
        ['postalAddress', 'Adres van de maatschappelijke zetel'],
        ['contactName', 'Functionaris voor gegevensbescherming (DPO) of contactpunt'],
        ['contactEmail', 'E-mailadres'],
        ['contactPhone', 'Telefoonnummer'],
      ],
    },
    {
      id: 'verwerking',
      title: 'Verwerking getroffen door het gegevenslek',
      fields: [
        ['dataCategories', 'Aard van de persoonsgegevens'],
        ['specialCategories', 'Gevoelige gegevens (bijzondere categorieën, art. 9 en 10 AVG)'],
        ['subjectGroups', 'Categorieën van betrokkenen'],
        ['approxSubjects', 'Aantal betrokkenen (bij benadering)'],
        ['approxRecords', 'Aantal betrokken registraties (bij benadering)'],
      ],
    },
    {
      id: 'beschrijving',
      title: 'Beschrijving van het gegevenslek',
      fields: [
        ['summary', 'Samenvatting van het gegevenslek'],
        ['source', 'Oorsprong van het gegevenslek'],
        ['occurredAt', 'Datum van het gegevenslek'],
        ['awareAt', 'Datum waarop de organisatie kennis kreeg van het gegevenslek'],
        ['nature', 'Aard van het gegevenslek'],
      ],
    },
    {
      id: 'gevolgen',
      title: 'Gevolgen voor de betrokkenen',
      fields: [
        ['consequences', 'Mogelijke gevolgen voor de betrokkenen'],
        ['riskAssessment', 'Inschatting van het risico'],
      ],
    },
    {
      id: 'maatregelen',
      title: 'Genomen maatregelen',
      fields: [
        ['measuresTaken', 'Maatregelen genomen om het gegevenslek te verhelpen en de gevolgen te beperken'],
        ['measuresProposed', 'Voorgestelde maatregelen'],
      ],
    },
    { id: 'mededeling', title: 'Mededeling aan de betrokkenen', fields: [['informSubjects', 'Worden de betrokkenen ingelicht?']] },
    {
      id: 'grensoverschrijdend',
      title: 'Grensoverschrijdende aspecten',
      fields: [['crossBorder', 'Heeft de organisatie vestigingen in andere lidstaten?']],
    },
    {
      id: 'laattijdig',
      title: 'Laattijdige melding',
      fields: [
        ['deadline', 'Uiterste termijn voor de melding'],
        ['late', 'Gebeurt de melding later dan 72 uur na de kennisname?'],
        ['delayReasons', 'Redenen voor de vertraging'],
      ],
    },
  ],
};

/** The same form in French, as the Autorité de protection des données publishes it. */
const GBA_FR: FilingForm = {
  authority: {
    name: 'Autorité de protection des données',
    country: 'BE',
    website: 'https://www.autoriteprotectiondonnees.be',
    form: "formulaire de notification d'une fuite de données de l'APD",
  },
  language: 'fr',
  phaseNames: { initial: 'Première notification', supplement: 'Notification complémentaire' },
  sections: [
    {
      id: 'notification',
      title: 'Type de notification',
      fields: [
        ['filingType', "S'agit-il d'une première notification ou d'une notification complémentaire ?"],
        ['previousReference', 'Référence de la première notification'],
      ],
    },
    {
      id: 'responsable',
      title: 'Identification du responsable du traitement',
      fields: [
        ['organisation', 'Dénomination'],
        ['postalAddress', 'Adresse du siège social'],
        ['contactName', 'Délégué à la protection des données (DPO) ou point de contact'],
        ['contactEmail', 'Adresse e-mail'],
        ['contactPhone', 'Numéro de téléphone'],
      ],
    },
    {
      id: 'traitement',
      title: 'Traitement concerné par la fuite de données',
      fields: [
        ['dataCategories', 'Nature des données à caractère personnel'],
        ['specialCategories', 'Données sensibles (catégories particulières, art. 9 et 10 RGPD)'],
        ['subjectGroups', 'Catégories de personnes concernées'],
        ['approxSubjects', 'Nombre approximatif de personnes concernées'],
        ['approxRecords', "Nombre approximatif d'enregistrements concernés"],
      ],
    },
    {
      id: 'description',
      title: 'Description de la fuite de données',
      fields: [
        ['summary', 'Résumé de la fuite de données'],
        ['source', 'Origine de la fuite de données'],
        ['occurredAt', 'Date de la fuite de données'],
        ['awareAt', "Date à laquelle l'organisation a pris connaissance de la fuite"],
        ['nature', 'Nature de la fuite de données'],
      ],
    },
    {
      id: 'consequences',
      title: 'Conséquences pour les personnes concernées',
      fields: [
        ['consequences', 'Conséquences probables pour les personnes concernées'],
        ['riskAssessment', 'Évaluation du risque'],
      ],
    },
    {
      id: 'mesures',
      title: 'Mesures prises',
      fields: [
        ['measuresTaken', 'Mesures prises pour remédier à la fuite et en atténuer les conséquences'],
        ['measuresProposed', 'Mesures proposées'],
      ],
    },
    {
      id: 'communication',
      title: 'Communication aux personnes concernées',
      fields: [['informSubjects', 'Les personnes concernées sont-elles informées ?']],
    },
    {
      id: 'transfrontalier',
      title: 'Aspects transfrontaliers',
      fields: [['crossBorder', "L'organisation a-t-elle des établissements dans d'autres États membres ?"]],
    },
    {
      id: 'retard',
      title: 'Notification tardive',
      fields: [
        ['deadline', 'Délai de notification'],
        ['late', 'La notification intervient-elle plus de 72 heures après la prise de connaissance ?'],
        ['delayReasons', 'Motifs du retard'],
      ],
    },
  ],
};

const FORMS: Readonly<Record<string, Partial<Record<FilingLanguage, FilingForm>>>> = {
  NL: { nl: AP_NL },
  BE: { nl: GBA_NL, fr: GBA_FR },
};

/** The languages the authority of that country takes filings in, its default first. */
export function filingLanguages(authorityCountry: string): FilingLanguage[] {
  return Object.keys(formsOf(authorityCountry)) as FilingLanguage[];
}

// Own keys only: a country or language such as `constructor` finds nothing.
function formsOf(authorityCountry: string): Partial<Record<FilingLanguage, FilingForm>> {
  return Object.hasOwn(FORMS, authorityCountry) ? FORMS[authorityCountry]! : {};
}

/** A draft asked in a language the authority's form does not take (French for the AP), or for an authority without a form here. */
export class FilingLanguageError extends RangeError {
  constructor(
    readonly authorityCountry: string,
    readonly language: string,
    readonly available: readonly FilingLanguage[],
  ) {
    super(
      available.length === 0
        ? `No filing form for the supervisory authority of '${authorityCountry}'`
        : `The authority of ${authorityCountry} takes filings in ${available.join(' or ')}, not '${language}'`,
    );
    this.name = 'FilingLanguageError';
  }
}

/** The form of the authority of that country in that language (its default language when none is asked). */
export function filingForm(authorityCountry: string, language?: string): FilingForm {
  const forms = formsOf(authorityCountry);
  const available = filingLanguages(authorityCountry);
  const chosen = language ?? available[0];
  const form = chosen !== undefined && Object.hasOwn(forms, chosen) ? forms[chosen as FilingLanguage] : undefined;
  if (!form) throw new FilingLanguageError(authorityCountry, String(chosen), available);
  return form;
}
