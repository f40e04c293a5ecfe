import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../../shared/domain/locale';
import { renderObjectionPage, type ObjectionPage } from '../../../shared/domain/notice/objection-page';
import { acme, ACME, profile, sale } from './fixtures';

const FORM_ACTION = '/o/tok_3f9a2c';
const OBJECTED_AT = '2027-02-10T12:00:00Z';

const RECORDED: Record<Locale, string> = { nl: 'Uw bezwaar is vastgelegd', en: 'Your objection has been recorded' };
const DATE: Record<Locale, { planned: string; objected: string }> = {
  nl: { planned: '1 maart 2027', objected: '10 februari 2027' },
  en: { planned: '1 March 2027', objected: '10 February 2027' },
};

const pages = (locale: Locale, disclosure = sale): ObjectionPage[] => [
  { state: 'confirm', profile, disclosure, locale, formAction: FORM_ACTION },
  { state: 'recorded', profile, disclosure, locale, objectedAt: OBJECTED_AT },
  { state: 'already', profile, disclosure, locale, objectedAt: OBJECTED_AT },
  { state: 'closed', profile, disclosure, locale },
];

describe.each(LOCALES)('renderObjectionPage (%s)', (locale) => {
  it('renders every state as a complete UTF-8 document in the subject language, with no scripts or external resources', () => {
    for (const page of pages(locale)) {
      const html = renderObjectionPage(page);
      expect(html, page.state).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${locale}">`));
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
      expect(html).not.toMatch(/<script|<link|<img|<iframe|<style|\bsrc=|\bon[a-z]+=|https?:\/\//i);
      expect(html.trimEnd()).toMatch(/<\/body>\n<\/html>$/);
    }
  });

  it('confirm: explains the planned transfer and offers one button that POSTs to the form action', () => {
    const html = renderObjectionPage(pages(locale)[0]!);
    for (const value of [profile.legalName, sale.recipient.name, sale.purpose, DATE[locale].planned]) expect(html).toContain(value);
    expect(html.match(/<form\b/g)).toHaveLength(1);
    expect(html).toContain(`<form method="post" action="${FORM_ACTION}"`);
    expect(html.match(/<button\b/g)).toHaveLength(1);
    expect(html).toContain('<button type="submit"');
    // Opening the link records nothing, so the page must not say it did.
    expect(html).not.toContain(RECORDED[locale]);
    expect(html).not.toContain(DATE[locale].objected);
  });

  it('recorded: says the objection is recorded, when, and that an email follows', () => {
    const html = renderObjectionPage(pages(locale)[1]!);
    expect(html).toContain(RECORDED[locale]);
    expect(html).toContain(DATE[locale].objected);
    expect(html).toContain(locale === 'nl' ? 'bevestiging per e-mail' : 'confirmation by email');
    expect(html).not.toMatch(/<form|<button/);
  });

  it('already: says the subject objected before, and when', () => {
    const html = renderObjectionPage(pages(locale)[2]!);
    expect(html).toContain(locale === 'nl' ? 'U heeft al bezwaar gemaakt' : 'You have already objected');
    expect(html).toContain(DATE[locale].objected);
    expect(html).not.toMatch(/<form|<button/);
  });

  it('closed: says the period ended on the planned date and whom to contact', () => {
    const html = renderObjectionPage(pages(locale)[3]!);
    expect(html).toContain(locale === 'nl' ? 'De bezwaartermijn is voorbij' : 'The objection period has ended');
    expect(html).toContain(DATE[locale].planned);
    expect(html).toContain(`href="mailto:${profile.contactEmail}"`);
    expect(html).not.toMatch(/<form|<button/);
  });

  it('escapes every value a legal team typed', () => {
    for (const page of pages(locale, acme({ ...sale, purpose: '<img src=x onerror=alert(1)>' }))) {
      const html = renderObjectionPage(page);
      expect(html, page.state).toContain('Acme &lt;b&gt; Bcc: x@example.com');
      expect(html, page.state).not.toContain(ACME);
      expect(html, page.state).not.toContain('<img');
    }
  });
});

describe('renderObjectionPage', () => {
  it('invalid: bilingual, as the language is not known', () => {
    const html = renderObjectionPage({ state: 'invalid' });
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Deze link is ongeldig of verlopen');
    expect(html).toContain('<div lang="en"');
    expect(html).toContain('This link is invalid or has expired');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/<form|<script/);
  });

  it('escapes the form action and refuses one that could run script', () => {
    const page = (formAction: string): ObjectionPage => ({ state: 'confirm', profile, disclosure: sale, locale: 'en', formAction });
    expect(renderObjectionPage(page('https://privacy.etsoft.example/o/a?x=1&y=2'))).toContain(
      'action="https://privacy.etsoft.example/o/a?x=1&amp;y=2"',
    );
    expect(renderObjectionPage(page('/o/a"b'))).toContain('action="/o/a&quot;b"');
    for (const bad of ['javascript:alert(1)', '//evil.example/o/a', 'data:text/html,x', '/o/a b']) {
      expect(() => renderObjectionPage(page(bad)), bad).toThrow(RangeError);
    }
  });

  it('needs the planned date for every state but invalid', () => {
    expect(() => renderObjectionPage({ state: 'closed', profile, disclosure: { ...sale, plannedAt: undefined }, locale: 'nl' })).toThrow(
      /plannedAt/,
    );
  });
});
