import { describe, expect, it } from 'vitest';
import type { RetainedCategory } from '../../../shared/domain/erasure/retention';
import { LOCALES, type Locale } from '../../../shared/domain/locale';
import { periodInWords, renderErasureCompletion, type ErasureCompletionInput } from '../../../shared/domain/notice/erasure-completion';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { profile } from './fixtures';

const INVOICE_SOURCE = 'Wij zijn bijvoorbeeld wettelijk verplicht gegevens zoals kopieën van facturen gedurende zeven jaar te bewaren.';
const invoices: RetainedCategory = {
  category: 'Copies of invoices',
  label: { nl: 'Kopieën van facturen', en: 'Invoice copies' },
  reason: 'policy',
  rule: { period: 'P7Y', from: 'the invoice date', source: INVOICE_SOURCE },
  startsOn: '2026-03-15',
  until: '2033-03-15',
};
const statutory: RetainedCategory = {
  category: 'Other data the law requires to keep',
  label: { nl: 'Andere gegevens die wij wettelijk moeten bewaren', en: 'Other data the law requires us to keep' },
  reason: 'policy',
  rule: { period: 'statutory', from: 'closing the account', source: 'Met uitzondering van de informatie die we wettelijk verplicht zijn te bewaren.' },
};
const disputes: RetainedCategory = { category: 'Disputes', reason: 'policy', rule: { period: 'until_settled', from: 'the dispute', source: 'Beheer van geschillen.' } };
const hold: RetainedCategory = { category: 'Support tickets', reason: 'legal_hold', detail: 'Preservation order of the court of Ghent', until: '2027-06-30' };
const dispute: RetainedCategory = { category: 'Invoice 2025-118', reason: 'open_dispute', detail: 'You dispute this invoice' };

const complete = (locale: Locale, overrides: Partial<ErasureCompletionInput> = {}) =>
  renderErasureCompletion({
    profile,
    locale,
    name: 'Jan Jansen',
    receivedOn: '2026-11-02T10:00:00Z',
    retained: [invoices],
    recipients: [
      { name: 'Incassobureau Brabant B.V.', kind: 'debt_collector', answer: { status: 'erased' } },
      { name: 'DHL Parcel', kind: 'courier', answer: { status: 'not_held' } },
      { name: 'Dental Supplies B.V.', kind: 'business_partner', answer: { status: 'refused', reason: 'Tax law makes us keep invoices' } },
      { name: 'Politie Oost-Brabant', kind: 'authority' },
    ],
    ...overrides,
  });

describe('renderErasureCompletion', () => {
  it('keeps the invoices with the 7-year rule, the policy sentence and the day they may go, in English', () => {
    const { subject, text, html } = complete('en');
    expect(subject).toBe('ETSoft B.V. has erased your personal data');
    expect(text.split('\n')[0]).toBe('Dear Jan Jansen,');
    for (const out of [text, html]) {
      expect(out).toContain('On 2 November 2026 you asked us, ETSoft B.V., to erase your personal data. We have done so.');
      expect(out).toContain('Invoice copies: kept until 15 March 2033 (7 years from 15 March 2026).');
      expect(out).toContain('Article 17(3) of the GDPR');
    }
    expect(text).toContain(`Our privacy policy says: "${INVOICE_SOURCE}"`);
    expect(html).toContain('Our privacy policy says: &quot;Wij zijn bijvoorbeeld wettelijk verplicht');
    expect(html).toContain('<html lang="en">');
  });

  it('says the same in Dutch', () => {
    const { subject, text } = complete('nl');
    expect(subject).toBe('ETSoft B.V. heeft uw persoonsgegevens verwijderd');
    expect(text).toContain('Op 2 november 2026 heeft u ons, ETSoft B.V., gevraagd uw persoonsgegevens te verwijderen.');
    expect(text).toContain('Kopieën van facturen: bewaard tot 15 maart 2033 (7 jaar vanaf 15 maart 2026).');
    expect(text).not.toContain('Copies of invoices');
    expect(text).toContain(`Ons privacybeleid zegt: "${INVOICE_SOURCE}"`);
    expect(text).toContain('artikel 19 van de AVG');
  });

  it('names every recipient told with its answer, and the silent one as handed to the legal team', () => {
    const en = complete('en').text;
    expect(en).toContain('Article 19 of the GDPR');
    expect(en).toContain('- Incassobureau Brabant B.V. (debt collection agency): erased your data');
    expect(en).toContain('- DHL Parcel (courier): did not hold your data (any more)');
    expect(en).toContain('- Dental Supplies B.V. (business partner): refuses to erase your data, giving as its reason: "Tax law makes us keep invoices"');
    expect(en).toContain('- Politie Oost-Brabant (public authority): did not answer; our legal team is following this up');
    const nl = complete('nl').text;
    expect(nl).toContain('- Incassobureau Brabant B.V. (incassobureau): heeft uw gegevens verwijderd');
    expect(nl).toContain('- Politie Oost-Brabant (overheidsinstantie): heeft niet geantwoord; ons juridische team volgt dit op');
  });

  it('names a recipient no notice reached as not reached, and asks only those it could reach, in both languages', () => {
    const recipients = [
      { name: 'DHL Parcel', kind: 'courier' as const, answer: { status: 'not_held' as const } },
      { name: 'Politie Oost-Brabant', kind: 'authority' as const, unreached: true },
    ];
    const en = complete('en', { recipients }).text;
    expect(en).toContain('We asked each of them that we could reach to erase your data too (Article 19 of the GDPR). Their answers:');
    expect(en).toContain('- Politie Oost-Brabant (public authority): could not be reached; our legal team is following this up');
    const nl = complete('nl', { recipients }).text;
    expect(nl).toContain('Wij hebben elk van hen die wij konden bereiken gevraagd');
    expect(nl).toContain('- Politie Oost-Brabant (overheidsinstantie): was voor ons niet bereikbaar; ons juridische team volgt dit op');
    // Where every one was reached, the email says each was asked.
    expect(complete('en').text).toContain('We asked each of them to erase your data too');
    expect(complete('en', { recipients }).html).toContain('could not be reached');
  });

  it('words the legal period, a dispute to be settled and the holds with or without an end', () => {
    const { text } = complete('en', { retained: [statutory, disputes, hold, dispute] });
    expect(text).toContain('- Other data the law requires us to keep: kept until the legal period ends.');
    expect(text).toContain('- Disputes: kept until the dispute is settled.');
    expect(text).toContain('- Support tickets: kept because a legal obligation or an order requires it, until 30 June 2027.\n  Preservation order of the court of Ghent');
    expect(text).toContain('- Invoice 2025-118: kept for an open dispute, until the dispute is settled.\n  You dispute this invoice');
    const nl = complete('nl', { retained: [statutory, disputes, { ...hold, until: undefined }] }).text;
    expect(nl).toContain('- Andere gegevens die wij wettelijk moeten bewaren: bewaard tot de wettelijke bewaartermijn afloopt.');
    // A hold keeps the category as the legal team typed it, in either language.
    expect(nl).toContain('- Support tickets: bewaard omdat');
    expect(nl).toContain('bewaard tot het geschil definitief is beslecht.');
    expect(nl).toContain('tot die afloopt.');
  });

  it('says so when nothing is kept and nobody was told', () => {
    const { text } = complete('en', { retained: [], recipients: [] });
    expect(text).toContain('We keep nothing else about you.');
    expect(text).toContain('We did not disclose your data to any other organisation.');
    expect(text).not.toContain('Article 17(3)');
  });

  it('escapes every value in HTML, keeps each one line in text and out of the subject line', () => {
    const hostile = '<script>alert(1)</script>\r\nBcc: x@example.com';
    const hostileProfile: PolicyProfile = { ...profile, legalName: 'Acme <b>' };
    for (const locale of LOCALES) {
      const { subject, text, html } = complete(locale, {
        profile: hostileProfile,
        name: hostile,
        retained: [{ ...hold, category: hostile, detail: hostile }, { ...invoices, label: { nl: hostile, en: hostile } }],
        recipients: [{ name: hostile, kind: 'courier', answer: { status: 'refused', reason: hostile } }],
      });
      expect(html).not.toMatch(/<script|<b>/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Bcc: x@example.com');
      expect(html).toContain('Acme &lt;b&gt;');
      expect(text.split('\n')).not.toContain('Bcc: x@example.com');
      expect(subject).not.toMatch(/[\r\n]|script/);
    }
  });

  it('names a policy category kept before labels were recorded by its key', () => {
    const { label: _unlabelled, ...unlabelled } = invoices;
    expect(complete('nl', { retained: [unlabelled] }).text).toContain('- Copies of invoices: bewaard tot 15 maart 2033');
  });

  it('refuses a retained category of the policy without its rule, and a day that does not exist', () => {
    expect(() => complete('en', { retained: [{ category: 'x', reason: 'policy' }] })).toThrow(RangeError);
    expect(() => complete('en', { retained: [{ ...invoices, until: '2033-02-30' }] })).toThrow(RangeError);
  });

  it('has no scripts, styles or external resources', () => {
    for (const locale of LOCALES) {
      const { html } = complete(locale, { retained: [invoices, statutory, hold, dispute] });
      expect(html).not.toMatch(/<script|<link|<img|<iframe|<style|\bsrc=|\bon[a-z]+=/i);
      expect(html.trimEnd()).toMatch(/<\/body>\n<\/html>$/);
    }
  });
});

describe('periodInWords', () => {
  it('writes a period in years, months, weeks and days, one or many', () => {
    expect(periodInWords('P7Y', 'en')).toBe('7 years');
    expect(periodInWords('P1Y', 'en')).toBe('1 year');
    expect(periodInWords('P10M', 'nl')).toBe('10 maanden');
    expect(periodInWords('P1Y6M', 'nl')).toBe('1 jaar en 6 maanden');
    expect(periodInWords('P1Y2M3D', 'en')).toBe('1 year, 2 months and 3 days');
    expect(periodInWords('P2W', 'nl')).toBe('2 weken');
    expect(() => periodInWords('statutory', 'en')).toThrow(RangeError);
  });
});
