import type { RejectionGround } from '../erasure/erasure-rejection';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { escapeHtml } from './escape';
import { authorityWebsiteLinked, erasureProfileValues, type ErasureProfileValues } from './erasure-profile-values';
import { greeting } from './greeting';
import { CLOSING_COPY, type ClosingCopy } from './notice-copy';
import { formatDate } from './notice-format';
import { h2, htmlDocument, p } from './notice-html';
import type { Slot } from './notice-template';
import { reasonBlock } from './reason-lines';
import { renderSlots, subjectLine, type RenderedEmail } from './rendered-email';
import { signOffHtml, signOffText } from './subject-sign-off';

export interface ErasureRejectionInput {
  profile: PolicyProfile;
  locale: Locale;
  /** The subject's name, if the controller has one; the greeting is neutral otherwise. */
  name?: string;
  /** When the request was received (ISO 8601 instant). */
  receivedOn: string;
  ground: RejectionGround;
  /** The legal team's explanation, in their own words: several lines allowed, shown line by line. */
  reason: string;
}

type Key = keyof ErasureProfileValues | 'receivedOn';

interface RejectionCopy {
  subject: (v: Slot<Key>) => string;
  received: (v: Slot<Key>) => string;
  refused: string;
  groundHeading: string;
  /** Each ground in plain words, with the provision it rests on. */
  grounds: Readonly<Record<RejectionGround, string>>;
  reasonHeading: string;
  /** Art. 12(4): a complaint to the supervisory authority, and the courts. */
  disagreeHeading: string;
  disagree: (v: Slot<Key>) => string;
  questions: (v: Slot<Key>) => string;
  footer: (v: Slot<Key>) => string;
  closing: ClosingCopy;
}

const COPY: Readonly<Record<Locale, RejectionCopy>> = {
  nl: {
    subject: (v) => `${v('controllerName')} wijst uw verzoek om uw persoonsgegevens te verwijderen af`,
    received: (v) =>
      `Op ${v('receivedOn')} hebben wij, ${v('controllerName')}, uw verzoek ontvangen om uw persoonsgegevens te ` +
      `verwijderen.`,
    refused: 'Wij hebben besloten dit verzoek niet uit te voeren: wij verwijderen uw persoonsgegevens op grond van dit verzoek niet.',
    groundHeading: 'Waarom niet',
    grounds: {
      identity_not_established:
        'Wij konden niet vaststellen dat het verzoek van u afkomstig is, en wij mogen een verzoek alleen uitvoeren ' +
        'als wij dat wel kunnen (artikel 12, leden 2 en 6, van de AVG). Stuurt u ons aanvullende gegevens waarmee wij ' +
        'kunnen vaststellen wie u bent, dan bekijken wij uw verzoek opnieuw.',
      manifestly_unfounded:
        'Het verzoek is kennelijk ongegrond. De wet staat ons dan toe het verzoek te weigeren (artikel 12, lid 5, van de AVG).',
      excessive:
        'Het verzoek is buitensporig, bijvoorbeeld omdat het een eerder verzoek herhaalt. De wet staat ons dan toe het ' +
        'verzoek te weigeren (artikel 12, lid 5, van de AVG).',
      freedom_of_expression:
        'Wij hebben uw gegevens nodig om het recht op vrijheid van meningsuiting en informatie uit te oefenen. Het recht ' +
        'op verwijdering geldt dan niet (artikel 17, lid 3, onder a, van de AVG).',
      legal_obligation:
        'De wet verplicht ons uw gegevens te bewaren (de belastingwet bijvoorbeeld verplicht ons facturen te bewaren), of ' +
        'wij hebben ze nodig voor een taak van algemeen belang. Het recht op verwijdering geldt dan niet (artikel 17, ' +
        'lid 3, onder b, van de AVG).',
      public_health:
        'Wij hebben uw gegevens nodig om redenen van algemeen belang op het gebied van de volksgezondheid. Het recht op ' +
        'verwijdering geldt dan niet (artikel 17, lid 3, onder c, van de AVG).',
      archiving_research:
        'Wij hebben uw gegevens nodig voor archivering in het algemeen belang, voor wetenschappelijk of historisch ' +
        'onderzoek of voor statistiek, en verwijderen zou dat onmogelijk maken of ernstig in gevaar brengen. Het recht ' +
        'op verwijdering geldt dan niet (artikel 17, lid 3, onder d, van de AVG).',
      legal_claims:
        'Wij hebben uw gegevens nodig voor de instelling, uitoefening of onderbouwing van een rechtsvordering. Het ' +
        'recht op verwijdering geldt dan niet (artikel 17, lid 3, onder e, van de AVG).',
    },
    reasonHeading: 'Onze toelichting',
    disagreeHeading: 'Bent u het niet eens met dit besluit?',
    disagree: (v) =>
      `Dan kunt u een klacht indienen bij de toezichthouder, de ${v('authorityName')} (${v('authorityWebsite')}). ` +
      `U kunt ook naar de rechter stappen.`,
    questions: (v) => `Heeft u vragen over dit besluit? Neem dan contact met ons op via ${v('privacyEmail')}.`,
    footer: (v) =>
      `U ontvangt dit bericht op het e-mailadres dat ${v('controllerName')} van u heeft, omdat u heeft gevraagd ` +
      `uw persoonsgegevens te verwijderen.`,
    closing: CLOSING_COPY.nl,
  },
  en: {
    subject: (v) => `${v('controllerName')} has refused your request to erase your personal data`,
    received: (v) => `On ${v('receivedOn')} we, ${v('controllerName')}, received your request to erase your personal data.`,
    refused: 'We have decided not to carry out this request: we will not erase your personal data on the basis of it.',
    groundHeading: 'Why not',
    grounds: {
      identity_not_established:
        'We could not establish that the request came from you, and we may only act on a request when we can ' +
        '(Article 12(2) and (6) of the GDPR). If you send us additional information that shows who you are, we will ' +
        'consider your request again.',
      manifestly_unfounded:
        'The request is manifestly unfounded. In that case the law allows us to refuse it (Article 12(5) of the GDPR).',
      excessive:
        'The request is excessive, for example because it repeats an earlier request. In that case the law allows us ' +
        'to refuse it (Article 12(5) of the GDPR).',
      freedom_of_expression:
        'We need your data to exercise the right of freedom of expression and information. The right to erasure does ' +
        'not apply then (Article 17(3)(a) of the GDPR).',
      legal_obligation:
        'The law requires us to keep your data (tax law, for example, requires us to keep invoices), or we need it ' +
        'for a task carried out in the public interest. The right to erasure does not apply then (Article 17(3)(b) ' +
        'of the GDPR).',
      public_health:
        'We need your data for reasons of public interest in the area of public health. The right to erasure does ' +
        'not apply then (Article 17(3)(c) of the GDPR).',
      archiving_research:
        'We need your data for archiving in the public interest, for scientific or historical research or for ' +
        'statistics, and erasing it would make that impossible or seriously impair it. The right to erasure does not ' +
        'apply then (Article 17(3)(d) of the GDPR).',
      legal_claims:
        'We need your data to establish, exercise or defend legal claims. The right to erasure does not apply then ' +
        '(Article 17(3)(e) of the GDPR).',
    },
    reasonHeading: 'Our explanation',
    disagreeHeading: 'If you disagree with this decision',
    disagree: (v) =>
      `You can lodge a complaint with the supervisory authority, the ${v('authorityName')} (${v('authorityWebsite')}). ` +
      `You can also take the matter to court.`,
    questions: (v) => `If you have any questions about this decision, please contact us at ${v('privacyEmail')}.`,
    footer: (v) =>
      `You are receiving this message at the email address ${v('controllerName')} has for you, because you asked ` +
      `it to erase your personal data.`,
    closing: CLOSING_COPY.en,
  },
};

/**
 * To the subject, in their language: their request to be forgotten is refused (GDPR Art. 12(4)), on which
 * ground, in plain words, and why, in the legal team's own words; and that they can complain to the
 * supervisory authority and go to court. The reason goes in the body only, line by line, never in the
 * subject line.
 */
export function renderErasureRejection(input: ErasureRejectionInput): RenderedEmail {
  const { profile, locale, name, receivedOn, ground, reason } = input;
  const c = COPY[locale];
  const groundText = c.grounds[ground];
  if (groundText === undefined) throw new RangeError(`ground is not a ground for refusing erasure: '${String(ground)}'`);
  const why = reasonBlock(reason);
  const { text, html: escaped } = renderSlots<Key>({ ...erasureProfileValues(profile), receivedOn: formatDate(receivedOn, locale, 'receivedOn') });
  const html = authorityWebsiteLinked(escaped);
  const hello = greeting(name, locale);
  const subject = subjectLine(c.subject(text));
  // Where to turn is what Art. 12(4) requires: it is the sign-off's complaint section, under its own heading.
  const k: ClosingCopy = { ...c.closing, complaintHeading: c.disagreeHeading };
  return {
    subject,
    text: `${hello}

${c.received(text)}

${c.refused}

${c.groundHeading}
${groundText}

${c.reasonHeading}
${why.text}

${signOffText(k, { questions: c.questions(text), complaint: c.disagree(text), controllerName: text('controllerName'), footer: c.footer(text) })}`,
    html: htmlDocument({
      lang: locale,
      title: escapeHtml(subject),
      content: [
        p(escapeHtml(hello)),
        p(c.received(html)),
        p(`<strong>${c.refused}</strong>`),
        h2(c.groundHeading),
        p(groundText),
        h2(c.reasonHeading),
        why.html,
        ...signOffHtml(k, { questions: c.questions(html), complaint: c.disagree(html), controllerName: html('controllerName'), footer: c.footer(html) }),
      ].join('\n'),
    }),
  };
}
