import { describe, expect, it } from 'vitest';
import { REJECTION_GROUNDS, type RejectionGround } from '../../../shared/domain/erasure/erasure-rejection';
import { LOCALES, type Locale } from '../../../shared/domain/locale';
import { renderErasureRejection, type ErasureRejectionInput } from '../../../shared/domain/notice/erasure-rejection';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { softmedex } from '../../../shared/domain/policy/profiles/softmedex';
import { profile } from './fixtures';

const RECEIVED_ON = '2027-03-03T10:15:00Z';
const REASON = 'Wij voeren een rechtszaak met u over factuur 2026-118.\nDe gegevens daarvan hebben wij nodig tot de zaak is afgerond.';

const reject = (locale: Locale, overrides: Partial<ErasureRejectionInput> = {}) =>
  renderErasureRejection({ profile, locale, receivedOn: RECEIVED_ON, ground: 'legal_claims', reason: REASON, ...overrides });

describe('renderErasureRejection', () => {
  it('tells, in Dutch, that the request is refused, on which ground and why, and that the subject can complain or go to court', () => {
    const { subject, text, html } = reject('nl', { name: 'Jan Jansen' });
    expect(subject).toBe('ETSoft B.V. wijst uw verzoek om uw persoonsgegevens te verwijderen af');
    expect(text.split('\n')[0]).toBe('Beste Jan Jansen,');
    for (const out of [text, html]) {
      expect(out).toContain('Op 3 maart 2027 hebben wij, ETSoft B.V., uw verzoek ontvangen om uw persoonsgegevens te verwijderen.');
      expect(out).toContain('Wij hebben besloten dit verzoek niet uit te voeren');
      expect(out).toContain('Waarom niet');
      expect(out).toContain('voor de instelling, uitoefening of onderbouwing van een rechtsvordering');
      expect(out).toContain('artikel 17, lid 3, onder e, van de AVG');
      expect(out).toContain('Onze toelichting');
      expect(out).toContain('Wij voeren een rechtszaak met u over factuur 2026-118.');
      expect(out).toContain('Bent u het niet eens met dit besluit?');
      expect(out).toContain('Dan kunt u een klacht indienen bij de toezichthouder, de Autoriteit Persoonsgegevens');
      expect(out).toContain('https://autoriteitpersoonsgegevens.nl');
      expect(out).toContain('U kunt ook naar de rechter stappen.');
      expect(out).toContain(profile.privacyEmail);
    }
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<a href="https://autoriteitpersoonsgegevens.nl"');
    expect(html).toContain(`href="mailto:${profile.privacyEmail}"`);
  });

  it('tells the same in English', () => {
    const { subject, text, html } = reject('en');
    expect(subject).toBe('ETSoft B.V. has refused your request to erase your personal data');
    expect(text.split('\n')[0]).toBe('Dear Sir or Madam,');
    for (const out of [text, html]) {
      expect(out).toContain('On 3 March 2027 we, ETSoft B.V., received your request to erase your personal data.');
      expect(out).toContain('We need your data to establish, exercise or defend legal claims.');
      expect(out).toContain('Article 17(3)(e) of the GDPR');
      expect(out).toContain('Our explanation');
      expect(out).toContain('If you disagree with this decision');
      expect(out).toContain('You can lodge a complaint with the supervisory authority, the Autoriteit Persoonsgegevens');
      expect(out).toContain('You can also take the matter to court.');
    }
    expect(html).toContain('<html lang="en">');
  });

  it.each(LOCALES)('words every ground differently, naming its article (%s)', (locale) => {
    const articles: Record<RejectionGround, RegExp> = {
      identity_not_established: /12\(2\) and \(6\)|12, leden 2 en 6/,
      manifestly_unfounded: /12\(5\)|12, lid 5/,
      excessive: /12\(5\)|12, lid 5/,
      freedom_of_expression: /17\(3\)\(a\)|onder a,/,
      legal_obligation: /17\(3\)\(b\)|onder b,/,
      public_health: /17\(3\)\(c\)|onder c,/,
      archiving_research: /17\(3\)\(d\)|onder d,/,
      legal_claims: /17\(3\)\(e\)|onder e,/,
    };
    const paragraphs = REJECTION_GROUNDS.map((ground) => {
      const lines = reject(locale, { ground }).text.split('\n');
      const paragraph = lines[lines.indexOf(locale === 'nl' ? 'Waarom niet' : 'Why not') + 1]!;
      expect(paragraph, ground).toMatch(articles[ground]);
      return paragraph;
    });
    expect(new Set(paragraphs).size).toBe(REJECTION_GROUNDS.length);
  });

  it('refuses a ground that is not one', () => {
    expect(() => reject('nl', { ground: 'because' as RejectionGround })).toThrow(/ground/);
  });

  it('keeps the reason line by line: separate lines in text, <br> in HTML', () => {
    for (const locale of LOCALES) {
      const { text, html } = reject(locale, { reason: '\r\n  Eerste reden.\r\nTweede\treden.\r\r\n\n\nDerde reden.\n' });
      const lines = text.split('\n');
      const first = lines.indexOf('Eerste reden.');
      expect(lines.slice(first, first + 4), locale).toEqual(['Eerste reden.', 'Tweede reden.', '', 'Derde reden.']);
      expect(html).toContain('Eerste reden.<br>Tweede reden.<br><br>Derde reden.</p>');
    }
  });

  it('escapes the reason in HTML, keeps it as written in text, and never puts it in the subject', () => {
    const reason = 'Rechtszaak <script>alert(1)</script> & "meer"\r\nBcc: everyone@example.com';
    for (const locale of LOCALES) {
      const { subject, text, html } = reject(locale, { reason });
      expect(text.split('\n')).toContain('Rechtszaak <script>alert(1)</script> & "meer"');
      expect(html).toContain('Rechtszaak &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;meer&quot;<br>Bcc: everyone@example.com');
      expect(html).not.toMatch(/<script/i);
      expect(subject).not.toMatch(/[\r\n]|Rechtszaak|Bcc|script/);
    }
  });

  it('escapes the legal name, the subject name and the authority in HTML, keeps them plain in text, and the subject on one line', () => {
    const hostile: PolicyProfile = {
      ...profile,
      legalName: 'Acme <b>\r\nBcc: x@example.com',
      supervisoryAuthority: { ...profile.supervisoryAuthority, name: 'AP <i>"x"</i>' },
    };
    for (const locale of LOCALES) {
      const { subject, text, html } = reject(locale, { profile: hostile, name: 'Eve\r\n<b>X</b>' });
      expect(html).toContain('Acme &lt;b&gt; Bcc: x@example.com');
      expect(html).toContain('Eve &lt;b&gt;X&lt;/b&gt;');
      expect(html).toContain('AP &lt;i&gt;&quot;x&quot;&lt;/i&gt;');
      expect(html).not.toMatch(/Acme <b>|<b>X|<i>/);
      expect(text).toContain('Eve <b>X</b>,');
      expect(text).toContain('AP <i>"x"</i>');
      expect(subject).toContain('Acme <b> Bcc: x@example.com');
      expect(subject).not.toMatch(/[\r\n]/);
    }
  });

  it('refuses an authority website that is not http(s)', () => {
    const authority = { ...profile.supervisoryAuthority, website: 'javascript:alert(1)' };
    expect(() => reject('nl', { profile: { ...profile, supervisoryAuthority: authority } })).toThrow(RangeError);
  });

  it('has no scripts, styles or external resources', () => {
    for (const locale of LOCALES) {
      const { html } = reject(locale);
      expect(html).not.toMatch(/<script|<link|<img|<iframe|<style|\bsrc=|\bon[a-z]+=/i);
      expect(html.trimEnd()).toMatch(/<\/body>\n<\/html>$/);
    }
  });

  it('needs a reason and a real receipt instant', () => {
    for (const reason of ['', '  \r\n\t\n ']) {
      expect(() => reject('nl', { reason }), JSON.stringify(reason)).toThrow(/reason/);
    }
    expect(() => reject('en', { receivedOn: 'yesterday' })).toThrow(/receivedOn/);
  });

  it('renders for the real Softmedex profile', () => {
    const { subject, text } = reject('nl', { profile: softmedex });
    expect(subject).toBe('Softmedex wijst uw verzoek om uw persoonsgegevens te verwijderen af');
    expect(text).toContain('info@softmedex.com');
  });
});
