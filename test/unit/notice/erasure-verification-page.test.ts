import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../../shared/domain/locale';
import {
  renderErasureVerificationPage,
  type ErasureVerificationPage,
} from '../../../shared/domain/notice/erasure-verification-page';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { profile } from './fixtures';

const FORM_ACTION = '/v/tok_9c1e7b';
const DUE_DATE = '2027-04-05';

const DUE_ON: Record<Locale, string> = { nl: 'uiterlijk op 5 april 2027', en: 'by 5 April 2027 at the latest' };
const CONFIRMED: Record<Locale, string> = { nl: 'Bedankt, uw verzoek is bevestigd', en: 'Thank you, your request is confirmed' };

const pages = (locale: Locale, p: PolicyProfile = profile): ErasureVerificationPage[] => [
  { state: 'confirm', profile: p, locale, formAction: FORM_ACTION },
  { state: 'confirmed', profile: p, locale, dueDate: DUE_DATE },
  { state: 'already', profile: p, locale },
  { state: 'closed', profile: p, locale },
];

const page = (locale: Locale, state: ErasureVerificationPage['state']) =>
  renderErasureVerificationPage(pages(locale).find((candidate) => candidate.state === state)!);

describe.each(LOCALES)('renderErasureVerificationPage (%s)', (locale) => {
  it('renders every state as a complete UTF-8 document in the subject language, with no scripts or external resources', () => {
    for (const each of pages(locale)) {
      const html = renderErasureVerificationPage(each);
      expect(html, each.state).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${locale}">`));
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
      expect(html).not.toMatch(/<script|<link|<img|<iframe|<style|\bsrc=|\bon[a-z]+=|https?:\/\//i);
      expect(html.trimEnd()).toMatch(/<\/body>\n<\/html>$/);
    }
  });

  it('confirm: says what confirming does and offers exactly one button, which POSTs to the form action', () => {
    const html = page(locale, 'confirm');
    expect(html).toContain(profile.legalName);
    const effects =
      locale === 'nl'
        ? ['verwijderen de persoonsgegevens die wij mogen verwijderen', 'iedere organisatie aan wie wij uw gegevens hebben verstrekt', 'zoals facturen']
        : ['erase the personal data we are allowed to erase', 'every organisation we shared your data with', 'such as invoices'];
    for (const effect of effects) expect(html).toContain(effect);
    expect(html.match(/<form\b/g)).toHaveLength(1);
    expect(html.match(/<form\b[^>]*>/)![0]).toBe(`<form method="post" action="${FORM_ACTION}" style="margin:0 0 16px;">`);
    expect(html.match(/<button\b/g)).toHaveLength(1);
    expect(html).toContain('<button type="submit"');
    // No link or other control could confirm by GET.
    expect(html).not.toMatch(/<a\b(?![^>]*href="mailto:)|<input|formaction=/i);
    // Opening the link confirms nothing, so the page must not say it did.
    expect(html).not.toContain(CONFIRMED[locale]);
  });

  it('confirmed: thanks the subject and gives the due date as a long date', () => {
    const html = page(locale, 'confirmed');
    expect(html).toContain(CONFIRMED[locale]);
    expect(html).toContain(DUE_ON[locale]);
    expect(html).not.toMatch(/<form|<button/);
  });

  it('already: says the request was confirmed before', () => {
    const html = page(locale, 'already');
    expect(html).toContain(locale === 'nl' ? 'U heeft uw verzoek al bevestigd' : 'You have already confirmed your request');
    expect(html).not.toMatch(/<form|<button/);
  });

  it('closed: says the request can no longer be confirmed and whom to write to', () => {
    const html = page(locale, 'closed');
    expect(html).toContain(locale === 'nl' ? 'Dit verzoek kan niet meer worden bevestigd' : 'This request can no longer be confirmed');
    expect(html).toContain(`href="mailto:${profile.privacyEmail}"`);
    expect(html).not.toMatch(/<form|<button/);
  });

  it('escapes the legal name in every state', () => {
    for (const each of pages(locale, { ...profile, legalName: 'Acme <b>\r\nBcc: x@example.com' })) {
      const html = renderErasureVerificationPage(each);
      expect(html, each.state).toContain('Acme &lt;b&gt; Bcc: x@example.com');
      expect(html, each.state).not.toContain('Acme <b>');
    }
  });
});

describe('renderErasureVerificationPage', () => {
  it('invalid: bilingual, as the language is not known', () => {
    const html = renderErasureVerificationPage({ state: 'invalid' });
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="nl">/);
    expect(html).toContain('Deze link is ongeldig of verlopen');
    expect(html).toContain('<div lang="en"');
    expect(html.indexOf('This link is invalid or has expired')).toBeGreaterThan(html.indexOf('<div lang="en"'));
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).not.toMatch(/<form|<script/);
  });

  it('escapes the form action and refuses one that could run script', () => {
    const confirm = (formAction: string): ErasureVerificationPage => ({ state: 'confirm', profile, locale: 'en', formAction });
    expect(renderErasureVerificationPage(confirm('https://privacy.etsoft.example/v/a?x=1&y=2'))).toContain(
      'action="https://privacy.etsoft.example/v/a?x=1&amp;y=2"',
    );
    expect(renderErasureVerificationPage(confirm('/v/a"b'))).toContain('action="/v/a&quot;b"');
    for (const bad of ['javascript:alert(1)', '//evil.example/v/a', 'data:text/html,x', '/v/a b']) {
      expect(() => renderErasureVerificationPage(confirm(bad)), bad).toThrow(RangeError);
    }
  });

  it('confirmed: refuses a due date that is not a calendar day', () => {
    for (const bad of ['2027-02-29', '5 April 2027', '2027-04-05T00:00:00Z']) {
      expect(() => renderErasureVerificationPage({ state: 'confirmed', profile, locale: 'nl', dueDate: bad }), bad).toThrow(RangeError);
    }
  });

  it('confirmed: keeps the calendar day of the due date in every month', () => {
    // Winter and summer time, and the first and last day of a month.
    for (const [day, nl] of [
      ['2027-01-01', '1 januari 2027'],
      ['2027-03-31', '31 maart 2027'],
      ['2027-10-31', '31 oktober 2027'],
    ] as const) {
      expect(renderErasureVerificationPage({ state: 'confirmed', profile, locale: 'nl', dueDate: day })).toContain(`uiterlijk op ${nl}`);
    }
  });
});
