import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../../shared/domain/locale';
import { renderErasureRecipientNotice, type ErasureRecipientNoticeInput } from '../../../shared/domain/notice/erasure-recipient-notice';
import { profile } from './fixtures';

const ACK_URL = 'https://privacy.etsoft.example/a/tok_01KB0ACK';
const CALLBACK_URL = 'https://privacy.etsoft.example/v1/public/acks/tok_01KB0ACK';

const render = (locale: Locale, overrides: Partial<ErasureRecipientNoticeInput> = {}) =>
  renderErasureRecipientNotice({
    profile,
    locale,
    step: 'notice',
    recipientName: 'Incassobureau Brabant B.V.',
    subject: { reference: 'klant-4711', name: 'Jan Jansen', email: 'jan@mail.example' },
    disclosures: [
      { disclosureId: 'd-1', kind: 'debt_collection', dataCategories: ['Naam en adres', 'Factuur 2026-0412'], disclosedAt: '2026-03-01T10:00:00Z' },
      { disclosureId: 'd-2', kind: 'order_fulfilment', dataCategories: ['Adres'], disclosedAt: '2026-06-01T10:00:00Z' },
    ],
    ackUrl: ACK_URL,
    callbackUrl: CALLBACK_URL,
    ...overrides,
  });

describe('renderErasureRecipientNotice', () => {
  it('asks, in Dutch, to erase the data of the subject named, under Articles 17 and 19, listing each disclosure', () => {
    const { subject, text, html } = render('nl');
    expect(subject).toBe('Verzoek van ETSoft B.V.: verwijder de persoonsgegevens van een betrokkene (artikel 17 en 19 AVG)');
    expect(text.split('\n')[0]).toBe('Aan Incassobureau Brabant B.V.,');
    for (const out of [text, html]) {
      expect(out).toContain('artikel 17 van de AVG');
      expect(out).toContain('Artikel 19 van de AVG');
      expect(out).toContain('klant-4711');
      expect(out).toContain('Jan Jansen');
      expect(out).toContain('jan@mail.example');
      expect(out).toContain('1 maart 2026: Verstrekking om een openstaande betaling te innen (gegevens: Naam en adres, Factuur 2026-0412)');
      expect(out).toContain('1 juni 2026: Verstrekking om uw bestelling te leveren of te laten betalen (gegevens: Adres)');
      expect(out).toContain(ACK_URL);
      expect(out).toContain(CALLBACK_URL);
      expect(out).toContain('Na 14 dagen zonder antwoord neemt ons juridische team de zaak over.');
      expect(out).toContain(profile.privacyEmail);
    }
    expect(text).toContain('{"status": "erased" | "not_held" | "refused", "reason": "<verplicht bij refused>"}');
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain(`<a href="${ACK_URL}"`);
  });

  it('asks the same in English', () => {
    const { subject, text } = render('en');
    expect(subject).toBe('Request from ETSoft B.V.: erase the personal data of a data subject (Articles 17 and 19 GDPR)');
    expect(text).toContain('Article 17 of the GDPR');
    expect(text).toContain('Our reference: klant-4711');
    expect(text).toContain('Name: Jan Jansen');
    expect(text).toContain('Email address: jan@mail.example');
    expect(text).toContain('1 March 2026: Disclosure to collect an unpaid amount (data: Naam en adres, Factuur 2026-0412)');
    expect(text).toContain('- erased the data;');
    expect(text).toContain('- did not hold the data (any more);');
    expect(text).toContain('- will not erase the data, and why');
    expect(text).toContain('{"status": "erased" | "not_held" | "refused", "reason": "<required with refused>"}');
  });

  it('reminds: the subject line says so, and the body says when the recipient was first asked', () => {
    for (const locale of LOCALES) {
      const notice = render(locale);
      const reminder = render(locale, { step: 'reminder', notifiedAt: '2026-11-23T09:00:00Z' });
      expect(reminder.subject).not.toBe(notice.subject);
      expect(reminder.text).toContain(locale === 'nl' ? 'Op 23 november 2026 hebben wij u gevraagd' : 'On 23 November 2026 we asked you');
      expect(reminder.text).toContain(locale === 'nl' ? 'dan neemt ons juridische team de zaak over' : 'our legal team will take the matter up');
      expect(notice.text).not.toContain('23 november 2026');
    }
    expect(render('en', { step: 'reminder', notifiedAt: '2026-11-23T09:00:00Z' }).subject).toBe(
      'Reminder: request from ETSoft B.V. to erase the personal data of a data subject',
    );
  });

  it('leaves out what it no longer knows of the subject, naming it by reference only', () => {
    const { text, html } = render('en', { subject: { reference: 'klant-4711' } });
    expect(text).toContain('Our reference: klant-4711');
    expect(text).not.toMatch(/^Name:|^Email address:/m);
    expect(html).not.toContain('Email address');
  });

  it('never puts the subject in the subject line, and shows its address as text, not a link', () => {
    for (const locale of LOCALES) {
      const { subject, html } = render(locale);
      expect(subject).not.toMatch(/Jan|jan@|klant-4711/);
      expect(html).not.toContain('mailto:jan@mail.example');
    }
  });

  it('escapes every value in HTML and keeps each one line in text', () => {
    const hostile = '<script>alert(1)</script>\r\nBcc: x@example.com';
    const { subject, text, html } = render('en', {
      recipientName: `Evil ${hostile}`,
      subject: { reference: 'ref"><img src=x>', name: hostile, email: 'a"b@example.com' },
      disclosures: [{ disclosureId: 'd-1', kind: 'debt_collection', dataCategories: [hostile], disclosedAt: '2026-03-01T10:00:00Z' }],
    });
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Bcc: x@example.com');
    expect(html).toContain('ref&quot;&gt;&lt;img src=x&gt;');
    expect(html).toContain('a&quot;b@example.com');
    expect(text).toContain('Name: <script>alert(1)</script> Bcc: x@example.com');
    expect(subject).not.toMatch(/[\r\n]/);
    expect(text.split('\n')).not.toContain('Bcc: x@example.com');
  });

  it('refuses links that are not http(s), a reminder without its first date, and a notice of nothing', () => {
    expect(() => render('en', { ackUrl: 'javascript:alert(1)' })).toThrow(RangeError);
    expect(() => render('en', { callbackUrl: 'https://x.example/a b' })).toThrow(RangeError);
    expect(() => render('en', { step: 'reminder' })).toThrow(RangeError);
    expect(() => render('en', { disclosures: [] })).toThrow(RangeError);
  });

  it('has no scripts, styles or external resources', () => {
    for (const locale of LOCALES) {
      const { html } = render(locale);
      expect(html).not.toMatch(/<script|<link|<img|<iframe|<style|\bsrc=|\bon[a-z]+=/i);
      expect(html.trimEnd()).toMatch(/<\/body>\n<\/html>$/);
    }
  });
});
