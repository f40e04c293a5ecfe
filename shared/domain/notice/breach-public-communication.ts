import { breachContactOf } from '../breach/breach-contact';
import type { BreachNoticeWords, StoredBreach } from '../breach/breach';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { escapeHtml, headerSafe } from './escape';
import { authorityWebsiteLinked } from './erasure-profile-values';
import { formatCount, formatDate, webAddress } from './notice-format';
import { footer, h1, h2, htmlDocument, list, p } from './notice-html';
import type { Slot } from './notice-template';
import { reasonBlock } from './reason-lines';
import { renderSlots } from './rendered-email';

/** A drafted public communication (Art. 34(3)(c)) in one language, for the controller to publish as it sees fit. */
export interface PublicCommunicationDraft {
  /** One line. */
  title: string;
  text: string;
  /** A whole HTML document, every value escaped. */
  html: string;
  /** Whose words it tells: the subject notices' (when they were written for this language) or the breach report's. */
  wordsFrom: 'notice-words' | 'report';
}

export interface PublicCommunicationInput {
  profile: PolicyProfile;
  breach: Pick<StoredBreach, 'report' | 'notices'>;
  locale: Locale;
}

type Key =
  | 'controllerName'
  | 'awareAt'
  | 'occurredAt'
  | 'approxSubjects'
  | 'breachContactName'
  | 'breachContactEmail'
  | 'breachContactPhone'
  | 'authorityName'
  | 'authorityWebsite';

interface PublicCommunicationCopy {
  title: (v: Slot<Key>) => string;
  intro: (v: Slot<Key>) => string;
  occurred: (v: Slot<Key>) => string;
  whyPublic: string;
  natureHeading: string;
  dataHeading: string;
  special: string;
  consequencesHeading: string;
  measuresHeading: string;
  adviceHeading: string;
  /** What anyone can do when the controller wrote no advice of its own (the report has no field for it). */
  defaultAdvice: (v: Slot<Key>) => string;
  contactHeading: string;
  contact: (v: Slot<Key>) => string;
  phone: (v: Slot<Key>) => string;
  complaintHeading: string;
  complaint: (v: Slot<Key>) => string;
  closing: string;
  footer: (v: Slot<Key>) => string;
}

const COPY: Readonly<Record<Locale, PublicCommunicationCopy>> = {
  nl: {
    title: (v) => `Datalek bij ${v('controllerName')}: wat er is gebeurd en wat u kunt doen`,
    intro: (v) =>
      `Op ${v('awareAt')} ontdekte ${v('controllerName')} een datalek: persoonsgegevens van ongeveer ` +
      `${v('approxSubjects')} mensen zijn mogelijk in verkeerde handen gekomen, veranderd of verloren gegaan.`,
    occurred: (v) => `Het lek ontstond op ${v('occurredAt')}.`,
    whyPublic:
      'Wij kunnen niet iedereen van wie gegevens zijn getroffen persoonlijk bereiken. Daarom maken wij het lek op deze ' +
      'manier bekend (artikel 34, lid 3, onder c, van de AVG).',
    natureHeading: 'Wat er is gebeurd',
    dataHeading: 'Om welke gegevens het gaat',
    special: 'Ook bijzondere persoonsgegevens',
    consequencesHeading: 'Wat de gevolgen voor u kunnen zijn',
    measuresHeading: 'Wat wij hebben gedaan en nog doen',
    adviceHeading: 'Wat u zelf kunt doen',
    defaultAdvice: (v) =>
      `Wees alert op e-mails, sms-berichten en telefoontjes die onverwacht naar uw gegevens vragen of die zich voordoen ` +
      `als ${v('controllerName')}. Klik niet op links in zulke berichten en geef nooit wachtwoorden of codes. Twijfelt u, ` +
      `neem dan zelf contact met ons op via de gegevens hieronder. Gebruikt u hetzelfde wachtwoord ook elders, verander ` +
      `het dan.`,
    contactHeading: 'Vragen',
    contact: (v) => `Heeft u vragen over dit datalek, neem dan contact op met ${v('breachContactName')}: ${v('breachContactEmail')}.`,
    phone: (v) => `Bellen kan ook: ${v('breachContactPhone')}.`,
    complaintHeading: 'Klacht indienen',
    complaint: (v) =>
      `Bent u niet tevreden over hoe wij met uw persoonsgegevens omgaan? Dan kunt u een klacht indienen bij de ` +
      `toezichthouder, de ${v('authorityName')} (${v('authorityWebsite')}).`,
    closing: 'Met vriendelijke groet,',
    footer: (v) => `Dit is een openbare mededeling van ${v('controllerName')} over een datalek (artikel 34 van de AVG).`,
  },
  en: {
    title: (v) => `Data breach at ${v('controllerName')}: what happened and what you can do`,
    intro: (v) =>
      `On ${v('awareAt')} ${v('controllerName')} discovered a personal data breach: personal data of about ` +
      `${v('approxSubjects')} people may have fallen into the wrong hands, been altered or been lost.`,
    occurred: (v) => `The breach happened on ${v('occurredAt')}.`,
    whyPublic:
      'We cannot reach everyone whose data was affected in person. That is why we make the breach known this way ' +
      '(Article 34(3)(c) of the GDPR).',
    natureHeading: 'What happened',
    dataHeading: 'Which data is involved',
    special: 'Also special categories of personal data',
    consequencesHeading: 'What this may mean for you',
    measuresHeading: 'What we have done and will do',
    adviceHeading: 'What you can do',
    defaultAdvice: (v) =>
      `Be alert to emails, text messages and calls that unexpectedly ask for your details or claim to come from ` +
      `${v('controllerName')}. Do not click links in such messages and never give out passwords or codes. If in doubt, ` +
      `contact us yourself using the details below. If you use the same password elsewhere, change it.`,
    contactHeading: 'Questions',
    contact: (v) => `If you have questions about this breach, please contact ${v('breachContactName')}: ${v('breachContactEmail')}.`,
    phone: (v) => `You can also call: ${v('breachContactPhone')}.`,
    complaintHeading: 'Complaints',
    complaint: (v) =>
      `If you are not satisfied with how we handle your personal data, you can lodge a complaint with the ` +
      `supervisory authority, the ${v('authorityName')} (${v('authorityWebsite')}).`,
    closing: 'Kind regards,',
    footer: (v) => `This is a public communication by ${v('controllerName')} about a personal data breach (Article 34 of the GDPR).`,
  },
};

/**
 * The public communication a controller makes when telling each subject would take disproportionate effort, or
 * when notices could not reach everyone (Art. 34(3)(c)): in clear and plain words, what Art. 34(2) requires of a
 * notice (what happened, the contact point, the likely consequences, the measures) and what people can do. The
 * texts are the subject notices' words for this language when the notices were started with them, else the
 * breach report's, which the controller should read over before publishing. Pure: every value escaped in HTML.
 */
export function draftPublicCommunication({ profile, breach, locale }: PublicCommunicationInput): PublicCommunicationDraft {
  const c = COPY[locale];
  const { report } = breach;
  const contact = breachContactOf(profile);
  const { text, html: escaped } = renderSlots<Key>({
    controllerName: headerSafe(profile.legalName),
    awareAt: formatDate(report.awareAt, locale, 'awareAt'),
    occurredAt: report.occurredAt ? formatDate(report.occurredAt, locale, 'occurredAt') : '',
    approxSubjects: formatCount(report.approxSubjects, locale),
    breachContactName: headerSafe(contact.name),
    breachContactEmail: headerSafe(contact.email),
    breachContactPhone: headerSafe(contact.phone ?? ''),
    authorityName: headerSafe(profile.supervisoryAuthority.name),
    authorityWebsite: webAddress(profile.supervisoryAuthority.website),
  });
  const html = authorityWebsiteLinked(escaped);
  const noticeWords = breach.notices?.words[locale];
  const words = noticeWords ?? reportWords(report, c.defaultAdvice(text));
  const blocks = {
    nature: reasonBlock(words.nature),
    consequences: reasonBlock(words.consequences),
    measures: reasonBlock(words.measures),
    advice: noticeWords ? reasonBlock(words.advice) : { text: c.defaultAdvice(text), html: p(c.defaultAdvice(html)) },
  };
  const categories = report.dataCategories.map(headerSafe).filter((category) => category !== '');
  const special = (report.specialCategories ?? []).map(headerSafe).filter((category) => category !== '');
  const dataText = [...categories, ...(special.length > 0 ? [`${c.special}: ${special.join(', ')}`] : [])];
  const title = headerSafe(c.title(text));
  const occurred = report.occurredAt ? { text: ` ${c.occurred(text)}`, html: ` ${c.occurred(html)}` } : { text: '', html: '' };
  const contactText = `${c.contact(text)}${contact.phone ? ` ${c.phone(text)}` : ''}`;
  const contactHtml = `${c.contact(html)}${contact.phone ? ` ${c.phone(html)}` : ''}`;
  return {
    title,
    wordsFrom: noticeWords ? 'notice-words' : 'report',
    text: `${title}

${c.intro(text)}${occurred.text} ${c.whyPublic}

${c.natureHeading}
${blocks.nature.text}

${dataText.length > 0 ? `${c.dataHeading}\n${dataText.map((line) => `- ${line}`).join('\n')}\n\n` : ''}${c.consequencesHeading}
${blocks.consequences.text}

${c.measuresHeading}
${blocks.measures.text}

${c.adviceHeading}
${blocks.advice.text}

${c.contactHeading}
${contactText}

${c.complaintHeading}
${c.complaint(text)}

${c.closing}
${text('controllerName')}

--
${c.footer(text)}
`,
    html: htmlDocument({
      lang: locale,
      title: escapeHtml(title),
      content: [
        h1(escapeHtml(title)),
        p(`${c.intro(html)}${occurred.html} ${c.whyPublic}`),
        h2(c.natureHeading),
        blocks.nature.html,
        ...(dataText.length > 0 ? [h2(c.dataHeading), list(dataText.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n'))] : []),
        h2(c.consequencesHeading),
        blocks.consequences.html,
        h2(c.measuresHeading),
        blocks.measures.html,
        h2(c.adviceHeading),
        blocks.advice.html,
        h2(c.contactHeading),
        p(contactHtml),
        h2(c.complaintHeading),
        p(c.complaint(html)),
        p(`${c.closing}<br>${html('controllerName')}`),
        footer(c.footer(html)),
      ].join('\n'),
    }),
  };
}

/** The report's texts in a notice's shape: the measures taken, then those proposed. */
function reportWords(report: StoredBreach['report'], advice: string): BreachNoticeWords {
  return {
    nature: report.description,
    consequences: report.likelyConsequences,
    measures: `${report.measuresTaken}\n\n${report.measuresProposed}`,
    advice,
  };
}
