import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../../shared/domain/locale';
import {
  DISCLOSURE_KIND_LABELS,
  LEGAL_BASIS_LABELS,
  RECIPIENT_KIND_LABELS,
} from '../../../shared/domain/notice/disclosure-notice-labels';
import {
  DISCLOSURE_NOTICE_TEMPLATES,
  disclosureNoticeTemplateName,
} from '../../../shared/domain/notice/disclosure-notice-template';
import { escapeHtml } from '../../../shared/domain/notice/escape';
import {
  acme,
  ACME,
  held,
  HOLD_REASON,
  hostile,
  lookup,
  merger,
  mergedData,
  nonDisciplinedMustaches,
  ORDER_REFERENCE,
  placeholderPaths,
  profile,
  render,
  SCRIPT,
} from './fixtures';

// Written out rather than taken from the code under test, so a wrong format or translation fails.
const EXPECTED: Record<
  Locale,
  { date: string; country: string; reference: string; details: string; greeting: string; neutral: string; rights: string[] }
> = {
  nl: {
    date: '23 november 2026',
    country: 'Duitsland',
    reference: 'Ons kenmerk',
    details: 'Details van de verstrekking',
    greeting: 'Beste Jan Jansen,',
    neutral: 'Geachte heer/mevrouw,',
    rights: ['in te zien', 'corrigeren', 'verwijderen', 'beperken', 'bezwaar'],
  },
  en: {
    date: '23 November 2026',
    country: 'Germany',
    reference: 'Our reference',
    details: 'Details of the disclosure',
    greeting: 'Dear Jan Jansen,',
    neutral: 'Dear Sir or Madam,',
    rights: ['access', 'corrected', 'erased', 'restrict', 'object'],
  },
};

const DEFERRAL: Record<Locale, string> = {
  nl: 'Wij konden u hierover niet eerder informeren.',
  en: 'We could not tell you about this earlier.',
};

function requiredValues(locale: Locale): string[] {
  const e = EXPECTED[locale];
  return [
    e.greeting,
    profile.legalName,
    merger.recipient.name,
    RECIPIENT_KIND_LABELS[locale][merger.recipient.kind],
    e.country,
    DISCLOSURE_KIND_LABELS[locale][merger.kind],
    merger.purpose,
    LEGAL_BASIS_LABELS[locale][merger.legalBasis],
    ...merger.dataCategories,
    e.date,
    e.reference,
    merger.reference!,
    profile.contactEmail,
    profile.privacyEmail,
    profile.supervisoryAuthority.name,
    profile.supervisoryAuthority.website,
    ...e.rights,
  ];
}

describe('DISCLOSURE_NOTICE_TEMPLATES', () => {
  it('has one template per locale, named for it', () => {
    expect(DISCLOSURE_NOTICE_TEMPLATES.map((t) => [t.name, t.locale])).toEqual([
      ['disclosure-notice-nl', 'nl'],
      ['disclosure-notice-en', 'en'],
    ]);
    for (const locale of LOCALES) expect(disclosureNoticeTemplateName(locale)).toBe(`disclosure-notice-${locale}`);
  });

  describe.each(DISCLOSURE_NOTICE_TEMPLATES.map((t) => [t.name, t] as const))('%s', (_name, template) => {
    const locale = template.locale;

    it('tells everything the notice must tell, in the text part', () => {
      const { text } = render(template, { name: 'Jan Jansen' });
      for (const value of requiredValues(locale)) expect(text).toContain(value);
      for (const category of merger.dataCategories) expect(text).toContain(`- ${category}\n`);
    });

    it('tells everything the notice must tell, in the HTML part', () => {
      const { html } = render(template, { name: 'Jan Jansen' });
      for (const value of requiredValues(locale)) expect(html).toContain(escapeHtml(value));
      for (const category of merger.dataCategories) expect(html).toContain(`<li>${category}</li>`);
      expect(html).toContain(`href="mailto:${profile.contactEmail}"`);
      expect(html).toContain(`href="${profile.supervisoryAuthority.website}"`);
    });

    it('is a complete HTML document in the right language', () => {
      const { html } = render(template);
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="(nl|en)">/);
      expect(html).toContain(`<html lang="${locale}">`);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html.trimEnd()).toMatch(/<\/body>\n<\/html>$/);
    });

    it('names the recipient in the subject line', () => {
      const { subject } = render(template);
      expect(subject).toContain(merger.recipient.name);
      expect(subject).toBe(locale === 'nl'
        ? 'Uw persoonsgegevens zijn gedeeld met Nordhealth Software GmbH'
        : 'Your personal data was shared with Nordhealth Software GmbH');
    });

    it('greets neutrally when the name is unknown', () => {
      const { text, html } = render(template);
      expect(text.startsWith(`${EXPECTED[locale].neutral}\n`)).toBe(true);
      expect(html).toContain(escapeHtml(EXPECTED[locale].neutral));
    });

    it('leaves out the reference line when there is no reference', () => {
      const { text, html } = render(template, { disclosure: { ...merger, reference: undefined } });
      expect(text).not.toContain(EXPECTED[locale].reference);
      expect(html).not.toContain(EXPECTED[locale].reference);
      // The line goes with its label: no blank line where it stood.
      expect(text).toContain(`${EXPECTED[locale].date}\n\n`);
      expect(text).not.toContain(`${EXPECTED[locale].date}\n\n\n`);
    });

    it('escapes hostile values in HTML and keeps them readable in text', () => {
      const { text, html } = render(template, { disclosure: hostile, name: '<b>Eve</b>' });
      expect(html).not.toMatch(/<script|<img|<b>|"><|&amp;amp;/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Naam &amp; adres');
      expect(html).toContain('<li>Naam &amp; adres</li>');
      expect(text).toContain(`- ${SCRIPT}\n`);
      expect(text).toContain('"><img src=x onerror=alert(1)> Naam & adres');
      expect(text).toContain('<b>Eve</b>');
    });

    it('keeps the subject line on one line whatever the names hold', () => {
      const hostileProfile = { ...profile, legalName: 'ETSoft\r\nBcc: x@example.com' };
      const { subject, text } = render(template, { disclosure: hostile, name: 'Eve\r\nX-Injected: 1', profile: hostileProfile });
      expect(subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      expect(subject).toContain(`Evil Corp Bcc: all@example.com ${SCRIPT}`);
      // Nor can a name add lines to the text part: the greeting stays the first line.
      expect(text.split('\n')[0]).toMatch(/^(Beste|Dear) Eve X-Injected: 1,$/);
      expect(text).not.toContain('\r');
    });

    it('uses only triple-stash placeholders and #if blocks', () => {
      for (const part of [template.subject, template.text, template.html]) expect(nonDisciplinedMustaches(part)).toEqual([]);
      expect(template.subject).not.toContain('{{#if');
    });

    it('references only values the data provides, in the form for its part', () => {
      const data = mergedData(locale, held);
      const parts = { subject: template.subject, text: template.text, html: template.html };
      for (const [part, source] of Object.entries(parts)) {
        const used = placeholderPaths(source);
        expect(used.length).toBeGreaterThan(0);
        for (const path of used) {
          expect(typeof lookup(data, path), path).toBe('string');
          // html values in the HTML part, text values in the text part, one-line values in the subject.
          expect(path.split('.').includes(part === 'subject' ? 'subject' : part), `${part}: ${path}`).toBe(true);
        }
      }
    });

    it('leaves no placeholder behind', () => {
      for (const disclosure of [merger, held, hostile]) {
        const { subject, text, html } = render(template, { disclosure, name: 'Jan' });
        for (const out of [subject, text, html]) expect(out).not.toMatch(/\{\{|\}\}/);
      }
    });

    it('shows a name like "Acme <b>" as text: escaped in HTML, plain in text, one line in the subject', () => {
      const { subject, text, html } = render(template, { disclosure: acme(merger) });
      expect(html).toContain('Acme &lt;b&gt; Bcc: x@example.com');
      expect(html).not.toContain(ACME);
      expect(text).toContain(`${ACME} Bcc: x@example.com (`);
      expect(subject).toContain(`${ACME} Bcc: x@example.com`);
      expect(subject).not.toMatch(/[\r\n]/);
    });

    it('says the notice comes late only when a hold kept it back, never naming the order', () => {
      const note = DEFERRAL[locale];
      const plain = render(template);
      expect(plain.text).not.toContain(note);
      expect(plain.html).not.toContain(note);
      const late = render(template, { disclosure: held, name: 'Jan Jansen' });
      // Right after the introduction, as its own paragraph, in both parts.
      expect(late.text).toMatch(new RegExp(`\\.\\n\\n${note}[^\\n]*\\n\\n${EXPECTED[locale].details}\\n`));
      expect(late.html).toMatch(new RegExp(`<p style="[^"]*">${note}[^<]*</p>`));
      for (const out of [late.subject, late.text, late.html]) {
        expect(out).not.toContain(ORDER_REFERENCE);
        expect(out).not.toContain(HOLD_REASON);
      }
    });

    it('renders under strict Handlebars with and without the optional values', () => {
      expect(() => render(template)).not.toThrow();
      expect(() => render(template, { disclosure: { ...merger, reference: undefined }, name: 'Jan' })).not.toThrow();
      expect(() => render(template, { disclosure: held, name: 'Jan' })).not.toThrow();
    });
  });
});
