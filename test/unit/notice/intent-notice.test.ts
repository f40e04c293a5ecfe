import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../../shared/domain/locale';
import {
  DISCLOSURE_KIND_LABELS,
  LEGAL_BASIS_LABELS,
  RECIPIENT_KIND_LABELS,
} from '../../../shared/domain/notice/disclosure-notice-labels';
import { escapeHtml } from '../../../shared/domain/notice/escape';
import {
  INTENT_NOTICE_TEMPLATES,
  intentNoticeData,
  intentNoticeTemplateName,
  subjectIntentData,
} from '../../../shared/domain/notice/intent-notice';
import {
  acme,
  ACME,
  hostile,
  lookup,
  mergedIntentData,
  nonDisciplinedMustaches,
  OBJECTION_URL,
  placeholderPaths,
  profile,
  renderIntent,
  sale,
  SCRIPT,
} from './fixtures';

// Written out rather than taken from the code under test, so a wrong format or translation fails.
const EXPECTED: Record<Locale, { date: string; country: string; subject: string; words: string[] }> = {
  nl: {
    date: '1 maart 2027',
    country: 'Duitsland',
    subject: 'Wij zijn van plan uw persoonsgegevens over te dragen aan Nordhealth Software GmbH',
    words: ['van plan', 'Ons kenmerk', 'bezwaar maken', 'niet in te loggen', 'niet overgedragen', 'in te zien', 'klacht'],
  },
  en: {
    date: '1 March 2027',
    country: 'Germany',
    subject: 'We intend to transfer your personal data to Nordhealth Software GmbH',
    words: ['intend to transfer', 'Our reference', 'object until', 'do not need to log in', 'not be part of the transfer', 'access', 'complaint'],
  },
};

function requiredValues(locale: Locale): string[] {
  return [
    profile.legalName,
    sale.recipient.name,
    RECIPIENT_KIND_LABELS[locale][sale.recipient.kind],
    EXPECTED[locale].country,
    DISCLOSURE_KIND_LABELS[locale][sale.kind],
    sale.purpose,
    LEGAL_BASIS_LABELS[locale][sale.legalBasis],
    ...sale.dataCategories,
    EXPECTED[locale].date,
    sale.reference!,
    profile.contactEmail,
    profile.privacyEmail,
    profile.supervisoryAuthority.name,
    profile.supervisoryAuthority.website,
    ...EXPECTED[locale].words,
  ];
}

describe('INTENT_NOTICE_TEMPLATES', () => {
  it('has one template per locale, named disclosure-intent-<locale>', () => {
    expect(INTENT_NOTICE_TEMPLATES.map((t) => [t.name, t.locale])).toEqual([
      ['disclosure-intent-nl', 'nl'],
      ['disclosure-intent-en', 'en'],
    ]);
    for (const locale of LOCALES) expect(intentNoticeTemplateName(locale)).toBe(`disclosure-intent-${locale}`);
  });

  describe.each(INTENT_NOTICE_TEMPLATES.map((t) => [t.name, t] as const))('%s', (_name, template) => {
    const locale = template.locale;

    it('tells what is planned, when, why, what data, and how to object, in the text part', () => {
      const { text } = renderIntent(template, { name: 'Jan Jansen' });
      for (const value of requiredValues(locale)) expect(text).toContain(value);
      expect(text.split('\n')[0]).toBe(locale === 'nl' ? 'Beste Jan Jansen,' : 'Dear Jan Jansen,');
    });

    it('tells the same in the HTML part', () => {
      const { html } = renderIntent(template, { name: 'Jan Jansen' });
      for (const value of requiredValues(locale)) expect(html).toContain(escapeHtml(value));
      expect(html).toContain(`<html lang="${locale}">`);
      expect(html).toContain('<meta charset="utf-8">');
    });

    it('puts the personal objection link in both parts: on its own line in text, as a link in HTML', () => {
      const { text, html } = renderIntent(template);
      expect(text).toContain(`\n${OBJECTION_URL}\n`);
      expect(html).toContain(`href="${escapeHtml(OBJECTION_URL)}"`);
      expect(html).not.toContain(`href="${OBJECTION_URL}"`);
      // Also written out, for mail clients that block the button.
      expect(html).toContain(`>${escapeHtml(OBJECTION_URL)}</a>`);
    });

    it('says the deadline to object is the planned date', () => {
      const { text } = renderIntent(template);
      expect(text).toContain(locale === 'nl' ? `tot ${EXPECTED.nl.date} bezwaar maken` : `object until ${EXPECTED.en.date}`);
    });

    it('names the recipient in a one-line subject', () => {
      expect(renderIntent(template).subject).toBe(EXPECTED[locale].subject);
      const { subject } = renderIntent(template, { disclosure: { ...hostile, plannedAt: sale.plannedAt } });
      expect(subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    });

    it('shows "Acme <b>" escaped in HTML and plain in text', () => {
      const { subject, text, html } = renderIntent(template, { disclosure: acme(sale), name: '<i>Eve</i>' });
      expect(html).toContain('Acme &lt;b&gt; Bcc: x@example.com');
      expect(html).not.toMatch(/Acme <b>|<i>Eve/);
      expect(html).toContain('&lt;i&gt;Eve&lt;/i&gt;');
      expect(text).toContain(`${ACME} Bcc: x@example.com`);
      expect(text).toContain('<i>Eve</i>');
      expect(subject).toContain(`${ACME} Bcc: x@example.com`);
    });

    it('escapes hostile values in HTML', () => {
      const { html, text } = renderIntent(template, { disclosure: { ...hostile, plannedAt: sale.plannedAt } });
      expect(html).not.toMatch(/<script|<img|"><img|&amp;amp;/i);
      expect(html).toContain(`<li>${escapeHtml(SCRIPT)}</li>`);
      expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt; Naam &amp; adres');
      expect(text).toContain(`- ${SCRIPT}\n`);
    });

    it('leaves out the reference line when there is none, and no placeholder anywhere', () => {
      const { subject, text, html } = renderIntent(template, { disclosure: { ...sale, reference: undefined } });
      const label = locale === 'nl' ? 'Ons kenmerk' : 'Our reference';
      expect(text).not.toContain(label);
      expect(html).not.toContain(label);
      for (const out of [subject, text, html]) expect(out).not.toMatch(/\{\{|\}\}/);
    });

    it('uses only triple-stash placeholders and #if blocks, each naming a value of its own part', () => {
      const data = mergedIntentData(locale);
      const parts = { subject: template.subject, text: template.text, html: template.html };
      for (const [part, source] of Object.entries(parts)) {
        expect(nonDisciplinedMustaches(source)).toEqual([]);
        const used = placeholderPaths(source);
        expect(used.length).toBeGreaterThan(0);
        for (const path of used) {
          expect(typeof lookup(data, path), path).toBe('string');
          expect(path.split('.').includes(part), `${part}: ${path}`).toBe(true);
        }
      }
    });
  });
});

describe('intentNoticeData', () => {
  it('writes the planned day as it is in Amsterdam', () => {
    expect(intentNoticeData({ profile, disclosure: sale, locale: 'nl' }).text.plannedOn).toBe('1 maart 2027');
    expect(intentNoticeData({ profile, disclosure: sale, locale: 'en' }).html.plannedOn).toBe('1 March 2027');
  });

  it('needs the planned date', () => {
    expect(() => intentNoticeData({ profile, disclosure: { ...sale, plannedAt: undefined }, locale: 'nl' })).toThrow(/plannedAt/);
  });
});

describe('subjectIntentData', () => {
  it('escapes the link for HTML and keeps it as given in text', () => {
    const { addressee } = subjectIntentData({ name: 'Jan' }, 'nl', OBJECTION_URL);
    expect(addressee.text.objectionUrl).toBe(OBJECTION_URL);
    expect(addressee.html.objectionUrl).toBe(OBJECTION_URL.replace('&', '&amp;'));
    expect(addressee.text.greeting).toBe('Beste Jan,');
  });

  it('refuses a link that is not http(s)', () => {
    for (const url of ['javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>', '/o/relative', 'not a url']) {
      expect(() => subjectIntentData({}, 'en', url), url).toThrow(RangeError);
    }
    expect(() => subjectIntentData({}, 'en', 'http://localhost:3000/o/abc')).not.toThrow();
  });

  it('uses a top-level key of its own, so SES laying it over DefaultTemplateData loses nothing', () => {
    for (const locale of LOCALES) {
      const defaults = Object.keys(intentNoticeData({ profile, disclosure: sale, locale }));
      const replacement = Object.keys(subjectIntentData({}, locale, OBJECTION_URL));
      expect(replacement.filter((key) => defaults.includes(key))).toEqual([]);
    }
  });
});
