import { LOCALES, type Locale } from '../locale';
import { breachNoticeTemplateName, type BreachNoticeValues, type BreachSubjectLineValues } from './breach-notice-data';
import { CLOSING_COPY, type ClosingCopy } from './notice-copy';
import { h2, htmlDocument, list, p } from './notice-html';
import { closingHtml, closingText, htmlSlot, subjectSlot, textSlot, type NoticeTemplate, type Slot } from './notice-template';

/**
 * The subject's notice of a high-risk breach (Art. 34): in plain words, what happened, which data, what it
 * may mean, what the controller does, what the subject can do, and whom to ask (Art. 34(2) with 33(3)(b)-(d)).
 * For a breach at a recipient it names the recipient and lists what of this subject went there.
 * Filled from BreachNoticeData and SubjectBreachNoticeData.
 */
type Key = keyof BreachNoticeValues;

interface BreachNoticeCopy {
  subject: (slot: Slot<keyof BreachSubjectLineValues>) => string;
  intro: (slot: Slot<Key>) => string;
  whatHeading: string;
  atRecipient: (slot: Slot<Key>) => string;
  /** Only when the report says when the breach began. */
  began: (slot: Slot<Key>) => string;
  knownSince: (slot: Slot<Key>) => string;
  categoriesHeading: string;
  categoriesLead: string;
  disclosuresHeading: (slot: Slot<Key>) => string;
  disclosuresLead: (slot: Slot<Key>) => string;
  consequencesHeading: string;
  measuresHeading: string;
  adviceHeading: string;
  questions: (slot: Slot<Key>) => string;
  phone: (slot: Slot<Key>) => string;
  closing: ClosingCopy;
}

const COPY: Readonly<Record<Locale, BreachNoticeCopy>> = {
  nl: {
    subject: (v) => `Datalek bij ${v('controllerName')}: ook uw gegevens zijn betrokken`,
    intro: (v) =>
      `Met deze e-mail laten wij, ${v('controllerName')}, u weten dat er een datalek is geweest. Daarbij ging het ` +
      `ook om uw persoonsgegevens. Het spijt ons dat dit is gebeurd. Hieronder leest u wat er is gebeurd, wat dit ` +
      `voor u kan betekenen, wat wij eraan doen en wat u zelf kunt doen.`,
    whatHeading: 'Wat is er gebeurd?',
    atRecipient: (v) => `Het datalek was bij ${v('recipientName')}, een organisatie die van ons persoonsgegevens kreeg.`,
    began: (v) => `Het datalek begon op ${v('occurredOn')}.`,
    knownSince: (v) => `Wij weten sinds ${v('awareOn')} van het datalek.`,
    categoriesHeading: 'Om welke gegevens gaat het?',
    categoriesLead: 'Bij het datalek ging het om deze soorten gegevens:',
    disclosuresHeading: (v) => `Welke gegevens van u had ${v('recipientName')}?`,
    disclosuresLead: (v) => `Volgens onze administratie gaven wij deze gegevens van u aan ${v('recipientName')}:`,
    consequencesHeading: 'Wat kan dit voor u betekenen?',
    measuresHeading: 'Wat doen wij?',
    adviceHeading: 'Wat kunt u zelf doen?',
    questions: (v) => `Heeft u vragen over dit datalek? Neem dan contact op met ${v('breachContactName')} via ${v('breachContactEmail')}.`,
    phone: (v) => `U kunt ook bellen: ${v('breachContactPhone')}.`,
    closing: CLOSING_COPY.nl,
  },
  en: {
    subject: (v) => `Data breach at ${v('controllerName')}: your personal data is involved`,
    intro: (v) =>
      `We, ${v('controllerName')}, are writing to tell you that there has been a data breach, and that your ` +
      `personal data was involved. We are sorry that this happened. Below you can read what happened, what it ` +
      `may mean for you, what we are doing about it, and what you can do yourself.`,
    whatHeading: 'What happened?',
    atRecipient: (v) => `The breach happened at ${v('recipientName')}, an organisation that received personal data from us.`,
    began: (v) => `The breach began on ${v('occurredOn')}.`,
    knownSince: (v) => `We have known about the breach since ${v('awareOn')}.`,
    categoriesHeading: 'Which data is involved?',
    categoriesLead: 'The breach involved these types of data:',
    disclosuresHeading: (v) => `Which of your data did ${v('recipientName')} have?`,
    disclosuresLead: (v) => `According to our records, we gave ${v('recipientName')} this data about you:`,
    consequencesHeading: 'What could this mean for you?',
    measuresHeading: 'What are we doing?',
    adviceHeading: 'What can you do?',
    questions: (v) => `If you have any questions about this breach, please contact ${v('breachContactName')} at ${v('breachContactEmail')}.`,
    phone: (v) => `You can also call ${v('breachContactPhone')}.`,
    closing: CLOSING_COPY.en,
  },
};

function textPart(c: BreachNoticeCopy): string {
  const v = textSlot;
  return `{{{addressee.text.greeting}}}

${c.intro(v)}

${c.whatHeading}
${v('whatHappened')}

{{#if text.recipientName}}${c.atRecipient(v)}
{{/if}}{{#if text.occurredOn}}${c.began(v)} {{/if}}${c.knownSince(v)}

${c.categoriesHeading}
${c.categoriesLead}
${v('dataCategories')}

{{#if text.recipientName}}{{#if addressee.text.disclosures}}${c.disclosuresHeading(v)}
${c.disclosuresLead(v)}
{{{addressee.text.disclosures}}}

{{/if}}{{/if}}${c.consequencesHeading}
${v('consequences')}

${c.measuresHeading}
${v('measures')}

${c.adviceHeading}
${v('advice')}

${closingText(`${c.questions(v)}{{#if text.breachContactPhone}} ${c.phone(v)}{{/if}}`, c.closing)}`;
}

function htmlPart(c: BreachNoticeCopy, locale: Locale): string {
  const v = htmlSlot;
  const content = `${p('{{{addressee.html.greeting}}}')}
${p(c.intro(v))}
${h2(c.whatHeading)}
${p(v('whatHappened'))}
{{#if html.recipientName}}${p(c.atRecipient(v))}{{/if}}
${p(`{{#if html.occurredOn}}${c.began(v)} {{/if}}${c.knownSince(v)}`)}
${h2(c.categoriesHeading)}
${p(c.categoriesLead)}
${list(v('dataCategories'))}
{{#if html.recipientName}}{{#if addressee.html.disclosures}}${h2(c.disclosuresHeading(v))}
${p(c.disclosuresLead(v))}
${list('{{{addressee.html.disclosures}}}')}{{/if}}{{/if}}
${h2(c.consequencesHeading)}
${p(v('consequences'))}
${h2(c.measuresHeading)}
${p(v('measures'))}
${h2(c.adviceHeading)}
${p(v('advice'))}
${closingHtml(`${c.questions(v)}{{#if html.breachContactPhone}} ${c.phone(v)}{{/if}}`, c.closing)}`;
  return htmlDocument({ lang: locale, title: c.subject((key) => `{{{html.${key}}}}`), content });
}

function breachNoticeTemplate(locale: Locale): NoticeTemplate {
  const copy = COPY[locale];
  return {
    name: breachNoticeTemplateName(locale),
    locale,
    subject: copy.subject(subjectSlot),
    text: textPart(copy),
    html: htmlPart(copy, locale),
  };
}

/** One per locale, like DISCLOSURE_NOTICE_TEMPLATES. */
export const BREACH_NOTICE_TEMPLATES: readonly NoticeTemplate[] = LOCALES.map(breachNoticeTemplate);
