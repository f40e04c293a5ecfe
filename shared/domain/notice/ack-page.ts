import type { DisclosedToRecipient, RecipientAnswer, RecipientAnswerStatus } from '../erasure/erasure-recipient';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { DISCLOSURE_KIND_LABELS } from './disclosure-notice-labels';
import { escapeHtml, headerSafe } from './escape';
import { formActionUrl, invalidLinkPage } from './link-page';
import { formatDate, formatDateTime } from './notice-format';
import { footer, h1, h2, htmlDocument, list, p, row, STYLE, table } from './notice-html';
import type { Slot } from './notice-template';
import { renderSlots } from './rendered-email';

/**
 * The pages a recipient sees at `/a/{token}`, the link of an erasure notice (Art. 19): which controller asks
 * it to erase whose data, and a form to answer erased, not held, or refused with a reason. No login, no
 * scripts, no external resources. GET shows; only the form's POST records. The subject is named by the
 * controller's reference only: their contact data is in the notice, not on a page anyone with the link sees.
 */
interface PageContext {
  profile: PolicyProfile;
  /** The recipient's language. */
  locale: Locale;
  recipientName: string;
}

/** Why a submitted form was not recorded: no answer chosen, or a refusal without its reason. */
export type AckFormError = 'status' | 'reason';

export type AckPage =
  | (PageContext & {
      state: 'form';
      erasureId: string;
      subjectReference: string;
      disclosures: readonly DisclosedToRecipient[];
      /** Where the form POSTs: a path (`/a/...`) or an http(s) URL. */
      formAction: string;
      error?: AckFormError;
    })
  | (PageContext & { state: 'recorded'; answer: RecipientAnswer })
  | (PageContext & { state: 'already'; answer: RecipientAnswer })
  | { state: 'invalid' };

type Key = 'controllerName' | 'privacyEmail' | 'recipientName' | 'subjectReference' | 'erasureId' | 'answeredOn' | 'reason';

interface PageCopy {
  formTitle: string;
  intro: (v: Slot<Key>) => string;
  contactNote: string;
  labels: { subject: string; request: string };
  disclosuresHeading: string;
  answerHeading: string;
  answers: Readonly<Record<RecipientAnswerStatus, string>>;
  reasonLabel: string;
  button: string;
  errors: Readonly<Record<AckFormError, string>>;
  recordedTitle: string;
  recorded: (v: Slot<Key>) => string;
  alreadyTitle: string;
  already: (v: Slot<Key>) => string;
  alreadyContact: (v: Slot<Key>) => string;
  yourReason: string;
  nothingElse: string;
  questions: (v: Slot<Key>) => string;
}

const COPY: Readonly<Record<Locale, PageCopy>> = {
  nl: {
    formTitle: 'Verzoek om persoonsgegevens te verwijderen',
    intro: (v) =>
      `Iemand heeft ${v('controllerName')} gevraagd zijn of haar persoonsgegevens te verwijderen. ${v('controllerName')} ` +
      `heeft gegevens van deze persoon verstrekt aan ${v('recipientName')}, en vraagt u daarom (AVG artikel 17 en 19) ` +
      `die gegevens ook te verwijderen en hier te laten weten wat u heeft gedaan.`,
    contactNote: 'Om wie het gaat, staat in het bericht dat u van ons ontving; deze pagina toont alleen ons kenmerk.',
    labels: { subject: 'Kenmerk van de persoon', request: 'Kenmerk van het verzoek' },
    disclosuresHeading: 'Wat wij aan u hebben verstrekt',
    answerHeading: 'Uw antwoord',
    answers: {
      erased: 'Wij hebben de gegevens verwijderd',
      not_held: 'Wij hebben geen gegevens van deze persoon',
      refused: 'Wij weigeren de gegevens te verwijderen',
    },
    reasonLabel: 'Toelichting (verplicht als u weigert)',
    button: 'Antwoord versturen',
    errors: {
      status: 'Kies een van de drie antwoorden.',
      reason: 'Geef aan waarom u weigert de gegevens te verwijderen.',
    },
    recordedTitle: 'Bedankt, uw antwoord is vastgelegd',
    recorded: (v) => `Wij hebben op ${v('answeredOn')} uw antwoord vastgelegd:`,
    alreadyTitle: 'Dit verzoek is al beantwoord',
    already: (v) => `Op ${v('answeredOn')} is dit antwoord vastgelegd. Het eerste antwoord telt; het kan hier niet meer worden gewijzigd:`,
    alreadyContact: (v) => `Klopt dit antwoord niet? Neem dan contact op met ${v('controllerName')} via ${v('privacyEmail')}.`,
    yourReason: 'Toelichting',
    nothingElse: 'U hoeft verder niets te doen.',
    questions: (v) => `Vragen? Neem contact op met ${v('controllerName')} via ${v('privacyEmail')}.`,
  },
  en: {
    formTitle: 'Request to erase personal data',
    intro: (v) =>
      `Someone asked ${v('controllerName')} to erase their personal data. ${v('controllerName')} shared data of this ` +
      `person with ${v('recipientName')}, and so asks you (GDPR Articles 17 and 19) to erase that data too and to tell ` +
      `us here what you did.`,
    contactNote: 'Who this is about is in the message you received from us; this page shows our reference only.',
    labels: { subject: 'Reference of the person', request: 'Reference of the request' },
    disclosuresHeading: 'What we shared with you',
    answerHeading: 'Your answer',
    answers: {
      erased: 'We erased the data',
      not_held: "We do not hold this person's data",
      refused: 'We refuse to erase the data',
    },
    reasonLabel: 'Reason (required if you refuse)',
    button: 'Send answer',
    errors: {
      status: 'Please choose one of the three answers.',
      reason: 'Please say why you refuse to erase the data.',
    },
    recordedTitle: 'Thank you, your answer is recorded',
    recorded: (v) => `We recorded your answer on ${v('answeredOn')}:`,
    alreadyTitle: 'This request has already been answered',
    already: (v) => `This answer was recorded on ${v('answeredOn')}. The first answer counts; it cannot be changed here:`,
    alreadyContact: (v) => `If this answer is wrong, please contact ${v('controllerName')} at ${v('privacyEmail')}.`,
    yourReason: 'Reason',
    nothingElse: 'You do not need to do anything else.',
    questions: (v) => `Questions? Contact ${v('controllerName')} at ${v('privacyEmail')}.`,
  },
};

const LABEL = 'display:block;margin:0 0 8px;';

/** The whole HTML document for one state of the acknowledgement link, every value HTML-escaped. */
export function renderAckPage(page: AckPage): string {
  if (page.state === 'invalid') return invalidLinkPage();
  const { profile, locale } = page;
  const c = COPY[locale];
  const answer = page.state === 'form' ? undefined : page.answer;
  const { html: v } = renderSlots<Key>({
    controllerName: headerSafe(profile.legalName),
    privacyEmail: headerSafe(profile.privacyEmail),
    recipientName: headerSafe(page.recipientName),
    subjectReference: page.state === 'form' ? page.subjectReference : '',
    erasureId: page.state === 'form' ? page.erasureId : '',
    answeredOn: answer ? formatDateTime(answer.answeredAt, locale, 'answeredAt') : '',
    reason: answer?.reason ?? '',
  });
  const answerBlock = (recorded: RecipientAnswer) =>
    table([row(c.answerHeading, escapeHtml(c.answers[recorded.status])), ...(recorded.reason ? [row(c.yourReason, v('reason'))] : [])].join('\n'));
  const [title, body] = ((): [string, string[]] => {
    switch (page.state) {
      case 'form':
        return [
          c.formTitle,
          [
            p(c.intro(v)),
            table([row(c.labels.subject, v('subjectReference')), row(c.labels.request, v('erasureId'))].join('\n')),
            p(c.contactNote),
            h2(c.disclosuresHeading),
            list(page.disclosures.map((disclosure) => `<li>${disclosureLine(disclosure, locale)}</li>`).join('\n')),
            ...(page.error ? [`<p role="alert" style="${STYLE.p}color:#b91c1c;font-weight:bold;">${c.errors[page.error]}</p>`] : []),
            answerForm(c, page.formAction),
          ],
        ];
      case 'recorded':
        return [c.recordedTitle, [p(c.recorded(v)), answerBlock(page.answer), p(c.nothingElse)]];
      case 'already':
        return [c.alreadyTitle, [p(c.already(v)), answerBlock(page.answer), p(c.alreadyContact(v))]];
    }
  })();
  return htmlDocument({
    lang: locale,
    title: `${title} – ${v('controllerName')}`,
    content: [h1(title), ...body, footer(c.questions(v))].join('\n'),
    noindex: true,
  });
}

/** "1 March 2026: Transfer as part of a merger or acquisition (Name, Email address)". */
function disclosureLine(disclosure: DisclosedToRecipient, locale: Locale): string {
  const kind = DISCLOSURE_KIND_LABELS[locale][disclosure.kind] ?? headerSafe(String(disclosure.kind));
  const categories = disclosure.dataCategories.map((category) => headerSafe(category)).join(', ');
  return escapeHtml(`${formatDate(disclosure.disclosedAt, locale, 'disclosedAt')}: ${kind}${categories ? ` (${categories})` : ''}`);
}

/** Three radio buttons and a reason; the browser asks for an answer, the server checks both. */
function answerForm(c: PageCopy, formAction: string): string {
  const radios = (Object.keys(c.answers) as RecipientAnswerStatus[]).map(
    (status, index) =>
      `<label style="${LABEL}"><input type="radio" name="status" value="${status}"${index === 0 ? ' required' : ''}> ${c.answers[status]}</label>`,
  );
  return [
    `<form method="post" action="${escapeHtml(formActionUrl(formAction))}" style="margin:0 0 16px;">`,
    `<fieldset style="border:0;padding:0;margin:0 0 16px;">`,
    `<legend style="font-weight:bold;margin:0 0 8px;">${c.answerHeading}</legend>`,
    ...radios,
    `</fieldset>`,
    `<label for="reason" style="${LABEL}font-weight:bold;">${c.reasonLabel}</label>`,
    `<textarea id="reason" name="reason" rows="4" maxlength="2000" style="width:100%;box-sizing:border-box;margin:0 0 16px;"></textarea>`,
    `<button type="submit" style="${STYLE.button}">${c.button}</button>`,
    `</form>`,
  ].join('\n');
}
