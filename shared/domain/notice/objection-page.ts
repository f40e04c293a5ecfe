import type { Disclosure } from '../disclosure/disclosure';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { escapeHtml } from './escape';
import { formatDate } from './notice-format';
import { footer, h1, htmlDocument, p, row, STYLE, table } from './notice-html';
import { formActionUrl, invalidLinkPage } from './link-page';
import type { Slot } from './notice-template';
import { transferValues } from './notice-values';
import { renderSlots } from './rendered-email';

/**
 * The pages a subject sees at `/o/{token}`, the personal link of an intent notice. No login, no scripts,
 * no external resources. GET shows; only the confirm page's form POSTs, as mail scanners follow links.
 */
interface PageContext {
  profile: PolicyProfile;
  disclosure: Disclosure;
  locale: Locale;
}

export type ObjectionPage =
  | (PageContext & { state: 'confirm'; /** Where the button POSTs: a path (`/o/...`) or an http(s) URL. */ formAction: string })
  | (PageContext & { state: 'recorded'; objectedAt: string })
  | (PageContext & { state: 'already'; objectedAt: string })
  | (PageContext & { state: 'closed' })
  | { state: 'invalid' };

type Key = 'controllerName' | 'recipientName' | 'recipientKind' | 'recipientCountry' | 'purpose' | 'plannedOn' | 'objectedOn' | 'contactEmail';

interface PageCopy {
  confirmTitle: string;
  confirmIntro: (v: Slot<Key>) => string;
  labels: { recipient: string; purpose: string; date: string };
  confirmAsk: (v: Slot<Key>) => string;
  button: string;
  confirmNote: string;
  recordedTitle: string;
  recorded: (v: Slot<Key>) => string;
  alreadyTitle: string;
  already: (v: Slot<Key>) => string;
  closedTitle: string;
  closed: (v: Slot<Key>) => string;
  closedContact: (v: Slot<Key>) => string;
  questions: (v: Slot<Key>) => string;
}

const COPY: Readonly<Record<Locale, PageCopy>> = {
  nl: {
    confirmTitle: 'Bezwaar maken tegen de overdracht van uw gegevens',
    confirmIntro: (v) =>
      `${v('controllerName')} is van plan uw persoonsgegevens op ${v('plannedOn')} over te dragen aan ` +
      `${v('recipientName')}.`,
    labels: { recipient: 'Ontvanger', purpose: 'Doel', date: 'Geplande datum' },
    confirmAsk: (v) =>
      `Wilt u niet dat uw gegevens worden overgedragen? Bevestig dan uw bezwaar met de knop hieronder. ` +
      `Dat kan tot ${v('plannedOn')}. Uw gegevens worden dan niet overgedragen.`,
    button: 'Ik maak bezwaar',
    confirmNote: 'Uw bezwaar wordt pas vastgelegd als u op de knop klikt.',
    recordedTitle: 'Uw bezwaar is vastgelegd',
    recorded: (v) =>
      `Wij hebben uw bezwaar op ${v('objectedOn')} vastgelegd. Uw gegevens worden niet overgedragen aan ` +
      `${v('recipientName')}. U ontvangt hiervan ook een bevestiging per e-mail.`,
    alreadyTitle: 'U heeft al bezwaar gemaakt',
    already: (v) =>
      `U heeft op ${v('objectedOn')} al bezwaar gemaakt tegen de overdracht van uw persoonsgegevens aan ` +
      `${v('recipientName')}. Uw gegevens worden niet overgedragen. U hoeft niets meer te doen.`,
    closedTitle: 'De bezwaartermijn is voorbij',
    closed: (v) =>
      `U kon tot ${v('plannedOn')} bezwaar maken tegen de overdracht van uw persoonsgegevens aan ` +
      `${v('recipientName')}. Die termijn is voorbij.`,
    closedContact: (v) =>
      `Heeft u vragen, of wilt u uw rechten gebruiken, zoals inzage in of verwijdering van uw gegevens? ` +
      `Neem dan contact op met ${v('controllerName')} via ${v('contactEmail')}.`,
    questions: (v) => `Vragen? Neem contact op met ${v('controllerName')} via ${v('contactEmail')}.`,
  },
  en: {
    confirmTitle: 'Object to the transfer of your data',
    confirmIntro: (v) =>
      `${v('controllerName')} intends to transfer your personal data to ${v('recipientName')} on ${v('plannedOn')}.`,
    labels: { recipient: 'Recipient', purpose: 'Purpose', date: 'Planned date' },
    confirmAsk: (v) =>
      `If you do not want your data to be transferred, please confirm your objection with the button below. ` +
      `You can do so until ${v('plannedOn')}. Your data will then not be part of the transfer.`,
    button: 'I object to the transfer',
    confirmNote: 'Your objection is only recorded once you press the button.',
    recordedTitle: 'Your objection has been recorded',
    recorded: (v) =>
      `We recorded your objection on ${v('objectedOn')}. Your data will not be transferred to ` +
      `${v('recipientName')}. You will also receive a confirmation by email.`,
    alreadyTitle: 'You have already objected',
    already: (v) =>
      `You objected to the transfer of your personal data to ${v('recipientName')} on ${v('objectedOn')}. ` +
      `Your data will not be transferred. You do not need to do anything else.`,
    closedTitle: 'The objection period has ended',
    closed: (v) =>
      `You could object to the transfer of your personal data to ${v('recipientName')} until ${v('plannedOn')}. ` +
      `That period has ended.`,
    closedContact: (v) =>
      `If you have any questions, or want to use your rights, such as seeing or erasing your data, please ` +
      `contact ${v('controllerName')} at ${v('contactEmail')}.`,
    questions: (v) => `Questions? Contact ${v('controllerName')} at ${v('contactEmail')}.`,
  },
};


/** The whole HTML document for one state of the objection link, every value HTML-escaped. */
export function renderObjectionPage(page: ObjectionPage): string {
  if (page.state === 'invalid') return invalidLinkPage();
  const { disclosure, locale } = page;
  const c = COPY[locale];
  const plannedAt = disclosure.plannedAt;
  if (plannedAt === undefined) throw new RangeError(`Disclosure ${disclosure.disclosureId} has no plannedAt: nothing to object to`);
  const { html: v } = renderSlots<Key>({
    ...transferValues(page),
    plannedOn: formatDate(plannedAt, locale, 'plannedAt'),
    objectedOn: 'objectedAt' in page ? formatDate(page.objectedAt, locale, 'objectedAt') : '',
  });
  const [title, body] = ((): [string, string[]] => {
    switch (page.state) {
      case 'confirm':
        return [
          c.confirmTitle,
          [
            p(c.confirmIntro(v)),
            table(
              [
                row(c.labels.recipient, `${v('recipientName')} (${v('recipientKind')}, ${v('recipientCountry')})`),
                row(c.labels.purpose, v('purpose')),
                row(c.labels.date, v('plannedOn')),
              ].join('\n'),
            ),
            p(c.confirmAsk(v)),
            `<form method="post" action="${escapeHtml(formActionUrl(page.formAction))}" style="margin:0 0 16px;">\n` +
              `<button type="submit" style="${STYLE.button}">${c.button}</button>\n</form>`,
            p(c.confirmNote),
          ],
        ];
      case 'recorded':
        return [c.recordedTitle, [p(c.recorded(v))]];
      case 'already':
        return [c.alreadyTitle, [p(c.already(v))]];
      case 'closed':
        return [c.closedTitle, [p(c.closed(v)), p(c.closedContact(v))]];
    }
  })();
  const closing = page.state === 'closed' ? [] : [footer(c.questions(v))];
  return htmlDocument({
    lang: locale,
    title: `${title} – ${v('controllerName')}`,
    content: [h1(title), ...body, ...closing].join('\n'),
    noindex: true,
  });
}
