import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { escapeHtml } from './escape';
import { erasureProfileValues } from './erasure-profile-values';
import { formatCalendarDay } from './notice-format';
import { footer, h1, h2, htmlDocument, list, p, STYLE } from './notice-html';
import { formActionUrl, invalidLinkPage } from './link-page';
import type { Slot } from './notice-template';
import { renderSlots } from './rendered-email';

/**
 * The pages a subject sees at `/v/{token}`, the personal link of an erasure verification email. No login,
 * no scripts, no external resources. GET shows; only the confirm page's form POSTs, as mail scanners follow
 * links and must not confirm an erasure.
 */
interface PageContext {
  profile: PolicyProfile;
  locale: Locale;
}

export type ErasureVerificationPage =
  | (PageContext & { state: 'confirm'; /** Where the button POSTs: a path (`/v/...`) or an http(s) URL. */ formAction: string })
  | (PageContext & { state: 'confirmed'; /** The due date, `YYYY-MM-DD` in the controller's calendar. */ dueDate: string })
  | (PageContext & { state: 'already' })
  | (PageContext & { state: 'closed' })
  | { state: 'invalid' };

type Key = 'controllerName' | 'privacyEmail' | 'dueOn';

interface PageCopy {
  confirmTitle: string;
  confirmIntro: (v: Slot<Key>) => string;
  effectsHeading: string;
  effects: readonly string[];
  confirmAsk: string;
  button: string;
  confirmNote: string;
  confirmedTitle: string;
  confirmed: (v: Slot<Key>) => string;
  alreadyTitle: string;
  already: string;
  closedTitle: string;
  closed: string;
  closedContact: (v: Slot<Key>) => string;
  questions: (v: Slot<Key>) => string;
}

const COPY: Readonly<Record<Locale, PageCopy>> = {
  nl: {
    confirmTitle: 'Uw verzoek om verwijdering bevestigen',
    confirmIntro: (v) =>
      `${v('controllerName')} heeft een verzoek ontvangen om uw persoonsgegevens te verwijderen. Om u te ` +
      `beschermen voeren wij het pas uit als u het hier bevestigt.`,
    effectsHeading: 'Wat er gebeurt als u bevestigt',
    effects: [
      'Wij verwijderen de persoonsgegevens die wij mogen verwijderen.',
      'Wij vragen iedere organisatie aan wie wij uw gegevens hebben verstrekt, ze ook te verwijderen.',
      'Sommige gegevens moeten wij volgens de wet bewaren, zoals facturen. Die bewaren wij niet langer dan ' +
        'nodig. Wij laten u weten welke gegevens dat zijn, waarom wij ze bewaren en tot wanneer.',
      'Als wij klaar zijn, ontvangt u een e-mail met wat wij hebben verwijderd, wat wij hebben bewaard en welke ' +
        'organisaties wij hebben ingelicht.',
    ],
    confirmAsk: 'Wilt u dat wij uw gegevens verwijderen? Bevestig dan uw verzoek met de knop hieronder.',
    button: 'Ik bevestig mijn verzoek',
    confirmNote:
      'Uw verzoek wordt pas bevestigd als u op de knop klikt. Heeft u dit niet gevraagd? Sluit deze pagina ' +
      'dan: er wordt niets verwijderd.',
    confirmedTitle: 'Bedankt, uw verzoek is bevestigd',
    confirmed: (v) =>
      `Wij gaan uw persoonsgegevens verwijderen en beantwoorden uw verzoek uiterlijk op ${v('dueOn')}. U ` +
      `ontvangt dan een e-mail met wat wij hebben verwijderd, wat wij moesten bewaren en waarom, en welke ` +
      `organisaties wij hebben ingelicht. U hoeft verder niets te doen.`,
    alreadyTitle: 'U heeft uw verzoek al bevestigd',
    already:
      'Wij hebben uw bevestiging al ontvangen en behandelen uw verzoek. U hoeft niets meer te doen. Als wij ' +
      'klaar zijn, ontvangt u een e-mail.',
    closedTitle: 'Dit verzoek kan niet meer worden bevestigd',
    closed: 'De termijn om dit verzoek te bevestigen is voorbij, of het verzoek is al afgehandeld.',
    closedContact: (v) =>
      `Wilt u nog steeds dat wij uw gegevens verwijderen, of heeft u vragen? Neem dan contact op met ` +
      `${v('controllerName')} via ${v('privacyEmail')}.`,
    questions: (v) => `Vragen? Neem contact op met ${v('controllerName')} via ${v('privacyEmail')}.`,
  },
  en: {
    confirmTitle: 'Confirm your request to erase your data',
    confirmIntro: (v) =>
      `${v('controllerName')} received a request to erase your personal data. To protect you, we act on it only ` +
      `once you confirm it here.`,
    effectsHeading: 'What happens when you confirm',
    effects: [
      'We erase the personal data we are allowed to erase.',
      'We ask every organisation we shared your data with to erase it too.',
      'Some data the law requires us to keep, such as invoices. We keep it no longer than required, and tell ' +
        'you which data that is, why we keep it and until when.',
      'When we are done, you will receive an email saying what we erased, what we kept and which organisations ' +
        'we told.',
    ],
    confirmAsk: 'If you want us to erase your data, please confirm your request with the button below.',
    button: 'I confirm my request',
    confirmNote:
      'Your request is only confirmed once you press the button. If you did not ask for this, close this page: ' +
      'nothing will be erased.',
    confirmedTitle: 'Thank you, your request is confirmed',
    confirmed: (v) =>
      `We will erase your personal data and answer your request by ${v('dueOn')} at the latest. You will then ` +
      `receive an email saying what we erased, what we had to keep and why, and which organisations we told. ` +
      `You do not need to do anything else.`,
    alreadyTitle: 'You have already confirmed your request',
    already:
      'We have already received your confirmation and are handling your request. You do not need to do anything ' +
      'else. You will receive an email when we are done.',
    closedTitle: 'This request can no longer be confirmed',
    closed: 'The period to confirm this request has ended, or the request has already been handled.',
    closedContact: (v) =>
      `If you still want us to erase your data, or have any questions, please contact ${v('controllerName')} ` +
      `at ${v('privacyEmail')}.`,
    questions: (v) => `Questions? Contact ${v('controllerName')} at ${v('privacyEmail')}.`,
  },
};



/** The whole HTML document for one state of the verification link, every value HTML-escaped. */
export function renderErasureVerificationPage(page: ErasureVerificationPage): string {
  if (page.state === 'invalid') return invalidLinkPage();
  const { profile, locale } = page;
  const c = COPY[locale];
  const { controllerName, privacyEmail } = erasureProfileValues(profile);
  const { html: v } = renderSlots<Key>({
    controllerName,
    privacyEmail,
    dueOn: page.state === 'confirmed' ? formatCalendarDay(page.dueDate, locale, 'dueDate') : '',
  });
  const [title, body] = ((): [string, string[]] => {
    switch (page.state) {
      case 'confirm':
        return [
          c.confirmTitle,
          [
            p(c.confirmIntro(v)),
            h2(c.effectsHeading),
            list(c.effects.map((effect) => `<li>${effect}</li>`).join('\n')),
            p(c.confirmAsk),
            `<form method="post" action="${escapeHtml(formActionUrl(page.formAction))}" style="margin:0 0 16px;">\n` +
              `<button type="submit" style="${STYLE.button}">${c.button}</button>\n</form>`,
            p(c.confirmNote),
          ],
        ];
      case 'confirmed':
        return [c.confirmedTitle, [p(c.confirmed(v))]];
      case 'already':
        return [c.alreadyTitle, [p(c.already)]];
      case 'closed':
        return [c.closedTitle, [p(c.closed), p(c.closedContact(v))]];
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
