import { describe, expect, it } from 'vitest';
import { ERASURE_CHANNELS, type ErasureChannel } from '../../../shared/domain/erasure/erasure-request';
import { LOCALES, type Locale } from '../../../shared/domain/locale';
import { renderErasureVerification, type ErasureVerificationInput } from '../../../shared/domain/notice/erasure-verification';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { softmedex } from '../../../shared/domain/policy/profiles/softmedex';
import { profile } from './fixtures';

const VERIFY_URL = 'https://privacy.etsoft.example/v/tok_9c1e7b?lang=nl&x=1';
// 3 March 2027 in Amsterdam; the link runs out 14 days later, at 11:15 Amsterdam time.
const RECEIVED_ON = '2027-03-03T10:15:00Z';
const EXPIRES_AT = '2027-03-17T10:15:00Z';

const verify = (locale: Locale, overrides: Partial<ErasureVerificationInput> = {}) =>
  renderErasureVerification({
    profile,
    locale,
    receivedOn: RECEIVED_ON,
    channel: 'post',
    verifyUrl: VERIFY_URL,
    expiresAt: EXPIRES_AT,
    ...overrides,
  });

describe('renderErasureVerification', () => {
  it('asks, in Dutch, to confirm the request through the personal link, and says what to do if it was not the subject', () => {
    const { subject, text, html } = verify('nl', { name: 'Jan Jansen' });
    expect(subject).toBe('Bevestig uw verzoek aan ETSoft B.V. om uw persoonsgegevens te verwijderen');
    expect(text.split('\n')[0]).toBe('Beste Jan Jansen,');
    for (const out of [text, html]) {
      expect(out).toContain('Op 3 maart 2027 hebben wij, ETSoft B.V., per post een verzoek ontvangen');
      expect(out).toContain('pas uit als u het bevestigt via uw persoonlijke link');
      expect(out).toContain('geldig tot 17 maart 2027 om 11:15');
      expect(out).toContain('Negeer deze e-mail dan: er wordt niets verwijderd.');
      expect(out).toContain(profile.privacyEmail);
      expect(out).toContain('Autoriteit Persoonsgegevens');
      expect(out).toContain('https://autoriteitpersoonsgegevens.nl');
    }
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain(`href="mailto:${profile.privacyEmail}"`);
    expect(html).toContain('<a href="https://autoriteitpersoonsgegevens.nl"');
  });

  it('asks the same in English', () => {
    const { subject, text, html } = verify('en');
    expect(subject).toBe('Please confirm your request to ETSoft B.V. to erase your personal data');
    expect(text.split('\n')[0]).toBe('Dear Sir or Madam,');
    for (const out of [text, html]) {
      expect(out).toContain('On 3 March 2027 we, ETSoft B.V., received a request by post to erase your personal data.');
      expect(out).toContain('we act on it only once you confirm it through your personal link');
      expect(out).toContain('valid until 17 March 2027 at 11:15');
      expect(out).toContain('If you did not ask for this, ignore this email: nothing will be erased.');
      expect(out).toContain(profile.privacyEmail);
      expect(out).toContain('supervisory authority, the Autoriteit Persoonsgegevens');
    }
    expect(html).toContain('<html lang="en">');
  });

  it('names each channel in the subject language', () => {
    const expected: Record<Locale, Record<ErasureChannel, string>> = {
      nl: { email: 'per e-mail', in_person: 'persoonlijk', post: 'per post', phone: 'telefonisch', web: 'via onze website' },
      en: { email: 'by email', in_person: 'in person', post: 'by post', phone: 'by phone', web: 'through our website' },
    };
    for (const locale of LOCALES) {
      for (const channel of ERASURE_CHANNELS) {
        const intro = locale === 'nl' ? `ETSoft B.V., ${expected.nl[channel]} een verzoek` : `a request ${expected.en[channel]} to erase`;
        expect(verify(locale, { channel }).text, `${locale} ${channel}`).toContain(intro);
      }
    }
    expect(() => verify('nl', { channel: 'fax' as ErasureChannel })).toThrow(RangeError);
  });

  it('shows the link in the text and as a visible, escaped link in HTML', () => {
    for (const locale of LOCALES) {
      const { text, html } = verify(locale);
      expect(text.split('\n')).toContain(VERIFY_URL);
      const escaped = VERIFY_URL.replace('&', '&amp;');
      // A button and the address itself as the text of a link, for clients that do not show buttons.
      expect(html.split(`<a href="${escaped}"`)).toHaveLength(3);
      expect(html).toContain(`>${escaped}</a>`);
      expect(html).not.toContain(VERIFY_URL);
    }
  });

  it('refuses a link that is not http(s), or that would break out of its line or attribute', () => {
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,x', '/v/tok_relative', 'https://x.example/v/a b']) {
      expect(() => verify('nl', { verifyUrl: bad }), bad).toThrow(RangeError);
    }
    // The authority's website becomes a link too.
    const authority = { ...profile.supervisoryAuthority, website: 'javascript:alert(1)' };
    expect(() => verify('nl', { profile: { ...profile, supervisoryAuthority: authority } })).toThrow(RangeError);
  });

  it('escapes the legal name and the subject name in HTML, keeps them plain in text, and keeps the subject on one line', () => {
    const hostile: PolicyProfile = { ...profile, legalName: 'Acme <b>\r\nBcc: x@example.com' };
    for (const locale of LOCALES) {
      const { subject, text, html } = verify(locale, { profile: hostile, name: 'Eve\r\n<b>X</b>' });
      expect(html).toContain('Acme &lt;b&gt; Bcc: x@example.com');
      expect(html).toContain('Eve &lt;b&gt;X&lt;/b&gt;');
      expect(html).not.toMatch(/Acme <b>|<b>X/);
      expect(text).toContain('Acme <b> Bcc: x@example.com');
      expect(text).toContain('Eve <b>X</b>,');
      expect(subject).toContain('Acme <b> Bcc: x@example.com');
      expect(subject).not.toMatch(/[\r\n]/);
    }
  });

  it('has no scripts, styles or external resources', () => {
    for (const locale of LOCALES) {
      const { html } = verify(locale);
      expect(html).not.toMatch(/<script|<link|<img|<iframe|<style|\bsrc=|\bon[a-z]+=/i);
      expect(html.trimEnd()).toMatch(/<\/body>\n<\/html>$/);
    }
  });

  it('needs real dates', () => {
    expect(() => verify('nl', { receivedOn: 'yesterday' })).toThrow(/receivedOn/);
    expect(() => verify('nl', { expiresAt: 'soon' })).toThrow(/expiresAt/);
  });

  it('renders for the real Softmedex profile', () => {
    const { subject, text } = verify('nl', { profile: softmedex });
    expect(subject).toBe('Bevestig uw verzoek aan Softmedex om uw persoonsgegevens te verwijderen');
    expect(text).toContain('info@softmedex.com');
  });
});
