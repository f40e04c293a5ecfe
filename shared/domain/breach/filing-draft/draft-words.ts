import type { BreachNature, BreachRisk, NoticeExemption } from '../breach';
import type { FilingLanguage } from './draft-format';
import type { Art33Element } from './filing-forms';

/**
 * The words a draft's values are written in, per language: what a missing fact reads as, the kinds of breach,
 * the risk levels, the exemptions. The legal team's own text (description, consequences, measures) stays as
 * they wrote it.
 */
export interface DraftWords {
  /** A fact not known yet: Art. 33(4) lets it follow in a supplement, so it is said, never left blank. */
  unknown: string;
  /** Something the form asks that the pipeline does not hold (a phone number): the DPO types it. */
  notHeld: string;
  none: string;
  yes: string;
  no: string;
  approx: (count: string) => string;
  natures: Readonly<Record<BreachNature, string>>;
  sourceInternal: string;
  sourceRecipient: (recipient: string) => string;
  risks: Readonly<Record<BreachRisk, string>>;
  assessed: (risk: string, by: string, at: string, reasoning: string) => string;
  subjectGroups: {
    list: (count: string) => string;
    category: (category: string) => string;
    all: (controller: string) => string;
    recipient: (recipient: string, upTo: string) => string;
  };
  inform: {
    notices: (startedAt: string) => string;
    noticesToCome: string;
    exempt: Readonly<Record<NoticeExemption, string>>;
    exemptReasoning: (ground: string, reasoning: string) => string;
    published: (at: string, channel: string, url: string) => string;
    notHigh: string;
  };
  crossBorder: {
    yes: (establishments: string) => string;
    no: (country: string) => string;
  };
  previousReference: (reference: string, filedAt: string) => string;
  deadline: (moment: string) => string;
  inTime: (deadline: string) => string;
  firstInTime: (filedAt: string) => string;
  late: (deadline: string) => string;
  firstLate: (filedAt: string, hours: string) => string;
  delayReasonsToGive: string;
  /** How the readable document names things around the answers. */
  doc: {
    title: (form: string) => string;
    authority: string;
    breach: string;
    phase: string;
    generatedAt: string;
    deadline: string;
    howTo: (website: string) => string;
    /** The article an element comes from, as a tag beside the field. */
    tags: Readonly<Record<Art33Element, string>>;
    checklistHeading: string;
    /** What each element asks, for the checklist that closes the document. */
    elements: Readonly<Record<Art33Element, string>>;
  };
}

export const DRAFT_WORDS: Readonly<Record<FilingLanguage, DraftWords>> = {
  nl: {
    unknown: 'nog onbekend, volgt in aanvulling (art. 33 lid 4 AVG)',
    notHeld: 'niet vastgelegd in de pipeline: vul dit zelf in op het formulier',
    none: 'geen',
    yes: 'ja',
    no: 'nee',
    approx: (count) => `ongeveer ${count}`,
    natures: {
      confidentiality: 'vertrouwelijkheid: onbevoegden konden de gegevens inzien of kopiëren',
      integrity: 'integriteit: gegevens zijn zonder toestemming gewijzigd',
      availability: 'beschikbaarheid: gegevens zijn verloren gegaan, vernietigd of onbereikbaar geworden',
    },
    sourceInternal: 'bij de eigen organisatie',
    sourceRecipient: (recipient) => `bij een ontvanger van de gegevens (verwerker of derde): ${recipient}`,
    risks: { none: 'geen risico', risk: 'een risico', high: 'een hoog risico' },
    assessed: (risk, by, at, reasoning) => `Beoordeeld als ${risk} voor de rechten en vrijheden van de betrokkenen, door ${by} op ${at}. Onderbouwing: ${reasoning}`,
    subjectGroups: {
      list: (count) => `een vastgestelde lijst van ${count} betrokkenen`,
      category: (category) => `betrokkenen van wie gegevens in de categorie "${category}" worden verwerkt`,
      all: (controller) => `alle betrokkenen van wie ${controller} gegevens verwerkt`,
      recipient: (recipient, upTo) => `betrokkenen van wie gegevens vóór ${upTo} aan ${recipient} zijn verstrekt, volgens het register van verstrekkingen`,
    },
    inform: {
      notices: (startedAt) => `Ja: de betrokkenen worden per e-mail geïnformeerd, in hun eigen taal, sinds ${startedAt} (art. 34 AVG).`,
      noticesToCome: 'Ja: het risico is hoog, dus de betrokkenen worden zonder onredelijke vertraging geïnformeerd (art. 34 AVG); de berichten zijn nog niet verstuurd.',
      exempt: {
        encrypted: 'de gegevens zijn onbegrijpelijk voor onbevoegden, bijvoorbeeld door versleuteling (art. 34 lid 3 onder a AVG)',
        mitigated: 'achteraf genomen maatregelen maken het hoge risico niet langer waarschijnlijk (art. 34 lid 3 onder b AVG)',
        disproportionate_effort:
          'iedere betrokkene afzonderlijk informeren vergt onevenredige inspanning; in plaats daarvan komt er een openbare mededeling (art. 34 lid 3 onder c AVG)',
      },
      exemptReasoning: (ground, reasoning) => `Nee: ${ground}. Onderbouwing: ${reasoning}`,
      published: (at, channel, url) => `De openbare mededeling is gedaan op ${at}, via ${channel}${url ? ` (${url})` : ''}.`,
      notHigh: 'Nee: het risico voor de betrokkenen is niet hoog, dus informeren is niet verplicht (art. 34 lid 1 AVG).',
    },
    crossBorder: {
      yes: (establishments) => `Ja: andere vestigingen van de organisatie: ${establishments}.`,
      no: (country) => `Nee: alle vestigingen van de organisatie liggen in ${country}.`,
    },
    previousReference: (reference, filedAt) => `${reference} (eerste melding van ${filedAt})`,
    deadline: (moment) => `${moment}: 72 uur nadat de organisatie het datalek ontdekte (art. 33 lid 1 AVG)`,
    inTime: (deadline) => `Nee: de melding kan nog binnen 72 uur, tot ${deadline}.`,
    firstInTime: (filedAt) => `Nee: de eerste melding is op ${filedAt} gedaan, binnen 72 uur.`,
    late: (deadline) => `Ja: de termijn van 72 uur verliep op ${deadline}.`,
    firstLate: (filedAt, hours) => `Ja: de eerste melding is op ${filedAt} gedaan, ${hours} uur na het verstrijken van de termijn van 72 uur.`,
    delayReasonsToGive: 'In te vullen: waarom de melding later komt dan 72 uur na de ontdekking (verplicht, art. 33 lid 1 AVG).',
    doc: {
      title: (form) => `Concept voor het ${form}`,
      authority: 'Toezichthouder',
      breach: 'Datalek',
      phase: 'Soort melding',
      generatedAt: 'Opgesteld op',
      deadline: 'Uiterste meldtermijn',
      howTo: (website) => `Vul de antwoorden hieronder in op het meldformulier van de toezichthouder (${website}), vraag voor vraag.`,
      tags: { a: 'art. 33 lid 3 onder a AVG', b: 'art. 33 lid 3 onder b AVG', c: 'art. 33 lid 3 onder c AVG', d: 'art. 33 lid 3 onder d AVG', delay: 'art. 33 lid 1 AVG' },
      checklistHeading: 'Wat artikel 33 AVG vraagt, en waar het staat',
      elements: {
        a: 'de aard van de inbreuk, met de categorieën en het geschatte aantal betrokkenen en gegevensrecords',
        b: 'de naam en contactgegevens van de functionaris gegevensbescherming of een ander contactpunt',
        c: 'de waarschijnlijke gevolgen van de inbreuk',
        d: 'de genomen of voorgestelde maatregelen, ook om de nadelige gevolgen te beperken',
        delay: 'de redenen voor de vertraging, bij een melding na 72 uur',
      },
    },
  },
  fr: {
    unknown: 'encore inconnu, suivra dans une notification complémentaire (art. 33.4 RGPD)',
    notHeld: 'non enregistré dans le pipeline : à compléter vous-même dans le formulaire',
    none: 'aucune',
    yes: 'oui',
    no: 'non',
    approx: (count) => `environ ${count}`,
    natures: {
      confidentiality: 'confidentialité : des personnes non autorisées ont pu consulter ou copier les données',
      integrity: 'intégrité : des données ont été modifiées sans autorisation',
      availability: 'disponibilité : des données ont été perdues, détruites ou rendues inaccessibles',
    },
    sourceInternal: "au sein de l'organisation elle-même",
    sourceRecipient: (recipient) => `chez un destinataire des données (sous-traitant ou tiers) : ${recipient}`,
    risks: { none: 'aucun risque', risk: 'un risque', high: 'un risque élevé' },
    assessed: (risk, by, at, reasoning) =>
      `Évaluée comme ${risk} pour les droits et libertés des personnes concernées, par ${by} le ${at}. Justification : ${reasoning}`,
    subjectGroups: {
      list: (count) => `une liste établie de ${count} personnes concernées`,
      category: (category) => `les personnes concernées dont des données de la catégorie « ${category} » sont traitées`,
      all: (controller) => `toutes les personnes concernées dont ${controller} traite des données`,
      recipient: (recipient, upTo) =>
        `les personnes concernées dont des données ont été communiquées à ${recipient} avant le ${upTo}, selon le registre des communications`,
    },
    inform: {
      notices: (startedAt) => `Oui : les personnes concernées sont informées par e-mail, dans leur langue, depuis le ${startedAt} (art. 34 RGPD).`,
      noticesToCome:
        "Oui : le risque est élevé, les personnes concernées seront donc informées dans les meilleurs délais (art. 34 RGPD) ; les messages ne sont pas encore envoyés.",
      exempt: {
        encrypted: 'les données sont incompréhensibles pour toute personne non autorisée, par exemple grâce au chiffrement (art. 34.3.a RGPD)',
        mitigated: "des mesures ultérieures font que le risque élevé n'est plus susceptible de se matérialiser (art. 34.3.b RGPD)",
        disproportionate_effort:
          'informer chaque personne concernée exigerait des efforts disproportionnés ; une communication publique est faite à la place (art. 34.3.c RGPD)',
      },
      exemptReasoning: (ground, reasoning) => `Non : ${ground}. Justification : ${reasoning}`,
      published: (at, channel, url) => `La communication publique a été faite le ${at}, via ${channel}${url ? ` (${url})` : ''}.`,
      notHigh: "Non : le risque pour les personnes concernées n'est pas élevé, les informer n'est donc pas obligatoire (art. 34.1 RGPD).",
    },
    crossBorder: {
      yes: (establishments) => `Oui : autres établissements de l'organisation : ${establishments}.`,
      no: (country) => `Non : tous les établissements de l'organisation se trouvent dans le même pays (${country}).`,
    },
    previousReference: (reference, filedAt) => `${reference} (première notification du ${filedAt})`,
    deadline: (moment) => `${moment} : 72 heures après que l'organisation a pris connaissance de la fuite (art. 33.1 RGPD)`,
    inTime: (deadline) => `Non : la notification peut encore être faite dans les 72 heures, jusqu'au ${deadline}.`,
    firstInTime: (filedAt) => `Non : la première notification a été faite le ${filedAt}, dans les 72 heures.`,
    late: (deadline) => `Oui : le délai de 72 heures a expiré le ${deadline}.`,
    firstLate: (filedAt, hours) => `Oui : la première notification a été faite le ${filedAt}, ${hours} heures après l'expiration du délai de 72 heures.`,
    delayReasonsToGive: 'À compléter : pourquoi la notification intervient plus de 72 heures après la prise de connaissance (obligatoire, art. 33.1 RGPD).',
    doc: {
      title: (form) => `Projet pour le ${form}`,
      authority: 'Autorité de contrôle',
      breach: 'Fuite de données',
      phase: 'Type de notification',
      generatedAt: 'Établi le',
      deadline: 'Délai de notification',
      howTo: (website) => `Reportez les réponses ci-dessous dans le formulaire de l'autorité de contrôle (${website}), question par question.`,
      tags: { a: 'art. 33.3.a RGPD', b: 'art. 33.3.b RGPD', c: 'art. 33.3.c RGPD', d: 'art. 33.3.d RGPD', delay: 'art. 33.1 RGPD' },
      checklistHeading: "Ce que demande l'article 33 du RGPD, et où le trouver",
      elements: {
        a: "la nature de la violation, avec les catégories et le nombre approximatif de personnes concernées et d'enregistrements",
        b: "le nom et les coordonnées du délégué à la protection des données ou d'un autre point de contact",
        c: 'les conséquences probables de la violation',
        d: 'les mesures prises ou proposées, y compris pour en atténuer les éventuelles conséquences négatives',
        delay: 'les motifs du retard, pour une notification après 72 heures',
      },
    },
  },
};
