import { h1, htmlDocument, p } from './notice-html';
import { webAddress } from './notice-format';

/**
 * What every page behind a signed link shares: the form action it posts to, and the page for a link that
 * is invalid or expired, in both languages because the link no longer says whose it is.
 */

/** The form's action: a same-site path or an http(s) URL, nothing that could run script. */
export function formActionUrl(value: string): string {
  if (/^\/(?![/\\])[^\s\\\u0000-\u001f\u007f-\u009f]*$/.test(value)) return value;
  return webAddress(value);
}

const INVALID = {
  title: 'Link ongeldig of verlopen / Link invalid or expired',
  nl: {
    heading: 'Deze link is ongeldig of verlopen',
    body:
      'Controleer of u de volledige link uit de e-mail heeft geopend. Is de link verlopen, of heeft u vragen? ' +
      'Neem dan contact op met de organisatie die u de e-mail stuurde.',
  },
  en: {
    heading: 'This link is invalid or has expired',
    body:
      'Please check that you opened the full link from the email. If the link has expired, or if you have any ' +
      'questions, please contact the organisation that sent you the email.',
  },
};

/** Dutch first, then English: the page cannot know the subject's language. */
export function invalidLinkPage(): string {
  const section = (c: { heading: string; body: string }) => `${h1(c.heading)}\n${p(c.body)}`;
  return htmlDocument({
    lang: 'nl',
    title: INVALID.title,
    content: `${section(INVALID.nl)}\n<div lang="en" style="margin-top:32px;">\n${section(INVALID.en)}\n</div>`,
    noindex: true,
  });
}
