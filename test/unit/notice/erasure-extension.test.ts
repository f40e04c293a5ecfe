import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../../shared/domain/locale';
import { renderErasureExtension, type ErasureExtensionInput } from '../../../shared/domain/notice/erasure-extension';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { softmedex } from '../../../shared/domain/policy/profiles/softmedex';
import { profile } from './fixtures';

// Received on 3 March 2027 in Amsterdam; first due on Monday 5 April (3 April is a Saturday), extended by two
// months to 3 June.
const RECEIVED_ON = '2027-03-03T10:15:00Z';
const PREVIOUS_DUE_DATE = '2027-04-05';
const DUE_DATE = '2027-06-03';
const REASON =
  'Uw gegevens staan in drie systemen en bij twee leveranciers.\nWij moeten per systeem nagaan wat wij mogen verwijderen.';

const extend = (locale: Locale, overrides: Partial<ErasureExtensionInput> = {}) =>
  renderErasureExtension({
    profile,
    locale,
    receivedOn: RECEIVED_ON,
    previousDueDate: PREVIOUS_DUE_DATE,
    dueDate: DUE_DATE,
    reason: REASON,
    ...overrides,
  });

describe('renderErasureExtension', () => {
  it('tells, in Dutch, until when instead of when, why, under which article, and where to complain', () => {
    const { subject, text, html } = extend('nl', { name: 'Jan Jansen' });
    expect(subject).toBe('ETSoft B.V. heeft meer tijd nodig voor uw verzoek om uw persoonsgegevens te verwijderen');
    expect(text.split('\n')[0]).toBe('Beste Jan Jansen,');
    for (const out of [text, html]) {
      expect(out).toContain('Op 3 maart 2027 hebben wij, ETSoft B.V., uw verzoek ontvangen om uw persoonsgegevens te verwijderen.');
      expect(out).toContain('artikel 12, lid 3, van de AVG');
      expect(out).toContain('uiterlijk op 3 juni 2027, in plaats van uiterlijk op 5 april 2027.');
      expect(out).toContain('Waarom wij meer tijd nodig hebben');
      expect(out).toContain('Uw gegevens staan in drie systemen en bij twee leveranciers.');
      expect(out).toContain('Bent u het niet eens met deze verlenging? Dan kunt u een klacht indienen bij de toezichthouder');
      expect(out).toContain('Autoriteit Persoonsgegevens');
      expect(out).toContain('https://autoriteitpersoonsgegevens.nl');
      expect(out).toContain(profile.privacyEmail);
    }
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain(`href="mailto:${profile.privacyEmail}"`);
    expect(html).toContain('<a href="https://autoriteitpersoonsgegevens.nl"');
  });

  it('tells the same in English', () => {
    const { subject, text, html } = extend('en');
    expect(subject).toBe('ETSoft B.V. needs more time for your request to erase your personal data');
    expect(text.split('\n')[0]).toBe('Dear Sir or Madam,');
    for (const out of [text, html]) {
      expect(out).toContain('On 3 March 2027 we, ETSoft B.V., received your request to erase your personal data.');
      expect(out).toContain('Article 12(3) of the GDPR');
      expect(out).toContain('by 3 June 2027 at the latest, instead of by 5 April 2027.');
      expect(out).toContain('Why we need more time');
      expect(out).toContain('Wij moeten per systeem nagaan wat wij mogen verwijderen.');
      expect(out).toContain('If you do not agree with this extension, you can lodge a complaint with the supervisory authority, the Autoriteit Persoonsgegevens');
      expect(out).toContain(profile.privacyEmail);
    }
    expect(html).toContain('<html lang="en">');
  });

  it('writes both due dates as the calendar days they are, whatever the season', () => {
    // Winter and summer time: noon UTC stays the same day in Amsterdam.
    const { text } = extend('en', { previousDueDate: '2027-01-04', dueDate: '2027-12-31' });
    expect(text).toContain('by 31 December 2027 at the latest, instead of by 4 January 2027.');
  });

  it('keeps the reason line by line: separate lines in text, <br> in HTML', () => {
    for (const locale of LOCALES) {
      const { text, html } = extend(locale, { reason: '\r\n  Eerste reden.\r\nTweede\treden.\r\r\n\n\nDerde reden.\u2028Vierde.\n\n' });
      const lines = text.split('\n');
      const first = lines.indexOf('Eerste reden.');
      expect(first, locale).toBeGreaterThan(0);
      // Runs of empty lines become one; white space inside a line collapses.
      expect(lines.slice(first, first + 5)).toEqual(['Eerste reden.', 'Tweede reden.', '', 'Derde reden.', 'Vierde.']);
      expect(html).toContain('Eerste reden.<br>Tweede reden.<br><br>Derde reden.<br>Vierde.</p>');
    }
  });

  it('escapes the reason in HTML, keeps it as written in text, and never puts it in the subject', () => {
    const reason = 'Onderzoek <script>alert(1)</script> & "meer"\r\nBcc: everyone@example.com';
    for (const locale of LOCALES) {
      const { subject, text, html } = extend(locale, { reason });
      expect(text.split('\n')).toContain('Onderzoek <script>alert(1)</script> & "meer"');
      expect(text.split('\n')).toContain('Bcc: everyone@example.com');
      expect(html).toContain('Onderzoek &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;meer&quot;<br>Bcc: everyone@example.com');
      expect(html).not.toMatch(/<script/i);
      expect(subject).not.toMatch(/[\r\n]/);
      expect(subject).not.toMatch(/Onderzoek|Bcc|script/);
    }
  });

  it('escapes the legal name and the subject name in HTML, keeps them plain in text, and keeps the subject on one line', () => {
    const hostile: PolicyProfile = { ...profile, legalName: 'Acme <b>\r\nBcc: x@example.com' };
    for (const locale of LOCALES) {
      const { subject, text, html } = extend(locale, { profile: hostile, name: 'Eve\r\n<b>X</b>' });
      expect(html).toContain('Acme &lt;b&gt; Bcc: x@example.com');
      expect(html).toContain('Eve &lt;b&gt;X&lt;/b&gt;');
      expect(html).not.toMatch(/Acme <b>|<b>X/);
      expect(text).toContain('Acme <b> Bcc: x@example.com');
      expect(text).toContain('Eve <b>X</b>,');
      expect(subject).toContain('Acme <b> Bcc: x@example.com');
      expect(subject).not.toMatch(/[\r\n]/);
    }
  });

  it('refuses an authority website that is not http(s)', () => {
    const authority = { ...profile.supervisoryAuthority, website: 'javascript:alert(1)' };
    expect(() => extend('nl', { profile: { ...profile, supervisoryAuthority: authority } })).toThrow(RangeError);
  });

  it('has no scripts, styles or external resources', () => {
    for (const locale of LOCALES) {
      const { html } = extend(locale);
      expect(html).not.toMatch(/<script|<link|<img|<iframe|<style|\bsrc=|\bon[a-z]+=/i);
      expect(html.trimEnd()).toMatch(/<\/body>\n<\/html>$/);
    }
  });

  it('needs real dates: an instant for the receipt, calendar days YYYY-MM-DD for the due dates', () => {
    expect(() => extend('nl', { receivedOn: 'yesterday' })).toThrow(/receivedOn/);
    for (const bad of ['2027-02-29', '2027-6-3', '2027-06-03T00:00:00Z', '03-06-2027', 'June 3, 2027', '']) {
      expect(() => extend('nl', { dueDate: bad }), bad).toThrow(/^dueDate is not a calendar day/);
      expect(() => extend('en', { previousDueDate: bad }), bad).toThrow(/^previousDueDate is not a calendar day/);
    }
  });

  it('refuses a new due date that is not after the previous one', () => {
    expect(() => extend('nl', { dueDate: PREVIOUS_DUE_DATE })).toThrow(RangeError);
    expect(() => extend('nl', { previousDueDate: DUE_DATE, dueDate: PREVIOUS_DUE_DATE })).toThrow(RangeError);
  });

  it('needs a reason', () => {
    for (const reason of ['', '  \r\n\t\n ']) {
      expect(() => extend('nl', { reason }), JSON.stringify(reason)).toThrow(/reason/);
    }
  });

  it('renders for the real Softmedex profile', () => {
    const { subject, text } = extend('nl', { profile: softmedex });
    expect(subject).toBe('Softmedex heeft meer tijd nodig voor uw verzoek om uw persoonsgegevens te verwijderen');
    expect(text).toContain('info@softmedex.com');
  });
});
