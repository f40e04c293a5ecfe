import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../shared/domain/locale';
import { renderObjectionConfirmation } from '../../../shared/domain/notice/objection-confirmation';
import { acme, ACME, profile, sale } from './fixtures';

const OBJECTED_AT = '2027-02-10T12:00:00Z';
const confirm = (locale: 'nl' | 'en', disclosure = sale, name?: string) =>
  renderObjectionConfirmation({ profile, disclosure, locale, name, objectedAt: OBJECTED_AT });

describe('renderObjectionConfirmation', () => {
  it('confirms, in Dutch, what was recorded and what follows from it', () => {
    const { subject, text, html } = confirm('nl', sale, 'Jan Jansen');
    expect(subject).toBe('Uw bezwaar tegen de overdracht aan Nordhealth Software GmbH is vastgelegd');
    expect(text.split('\n')[0]).toBe('Beste Jan Jansen,');
    for (const out of [text, html]) {
      expect(out).toContain('Op 10 februari 2027 hebben wij uw bezwaar vastgelegd');
      expect(out).toContain('gepland op 1 maart 2027');
      expect(out).toContain('Uw gegevens worden niet overgedragen');
      expect(out).toContain(profile.contactEmail);
    }
    expect(html).toContain(`href="mailto:${profile.contactEmail}"`);
    expect(html).toContain('<html lang="nl">');
  });

  it('confirms the same in English', () => {
    const { subject, text, html } = confirm('en');
    expect(subject).toBe('Your objection to the transfer to Nordhealth Software GmbH has been recorded');
    expect(text.split('\n')[0]).toBe('Dear Sir or Madam,');
    for (const out of [text, html]) {
      expect(out).toContain('On 10 February 2027 we recorded your objection');
      expect(out).toContain('planned for 1 March 2027');
      expect(out).toContain('will not be part of the transfer');
    }
    expect(html).toContain('<html lang="en">');
  });

  it('escapes names in HTML, keeps them plain in text, and keeps the subject on one line', () => {
    for (const locale of LOCALES) {
      const { subject, text, html } = confirm(locale, acme(sale), 'Eve\r\n<b>X</b>');
      expect(html).toContain('Acme &lt;b&gt; Bcc: x@example.com');
      expect(html).toContain('Eve &lt;b&gt;X&lt;/b&gt;');
      expect(html).not.toMatch(/Acme <b>|<b>X/);
      expect(text).toContain(`${ACME} Bcc: x@example.com`);
      expect(text).toContain('Eve <b>X</b>,');
      expect(subject).toContain(`${ACME} Bcc: x@example.com`);
      expect(subject).not.toMatch(/[\r\n]/);
    }
  });

  it('needs the planned date and a real objection date', () => {
    expect(() => confirm('nl', { ...sale, plannedAt: undefined })).toThrow(/plannedAt/);
    expect(() => renderObjectionConfirmation({ profile, disclosure: sale, locale: 'nl', objectedAt: 'now' })).toThrow(/objectedAt/);
  });
});
