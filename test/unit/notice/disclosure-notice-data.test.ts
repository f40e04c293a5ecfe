import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../shared/domain/locale';
import { disclosureNoticeData, subjectNoticeData } from '../../../shared/domain/notice/disclosure-notice-data';
import { held, HOLD_REASON, merger, ORDER_REFERENCE, profile } from './fixtures';

const data = (locale: 'nl' | 'en', disclosure = merger, p = profile) =>
  disclosureNoticeData({ profile: p, disclosure, locale });

describe('disclosureNoticeData', () => {
  it('writes the date as the calendar day in Amsterdam, in the locale', () => {
    expect(data('nl').text.occurredOn).toBe('23 november 2026');
    expect(data('en').text.occurredOn).toBe('23 November 2026');
    // Summer time: 22:30 UTC is already 1 July in Amsterdam.
    expect(data('nl', { ...merger, occurredAt: '2026-06-30T22:30:00Z' }).text.occurredOn).toBe('1 juli 2026');
  });

  it('refuses a disclosure whose date is not a date', () => {
    expect(() => data('nl', { ...merger, occurredAt: 'gisteren' })).toThrow(RangeError);
  });

  it('names the recipient country in the locale', () => {
    expect(data('nl').text.recipientCountry).toBe('Duitsland');
    expect(data('en').text.recipientCountry).toBe('Germany');
  });

  it('renders data categories as escaped <li> items and as "- " lines, dropping blank ones', () => {
    const d = data('en', { ...merger, dataCategories: ['Name', ' ', 'Tom & <Jerry>'] });
    expect(d.html.dataCategories).toBe('<li>Name</li>\n<li>Tom &amp; &lt;Jerry&gt;</li>');
    expect(d.text.dataCategories).toBe('- Name\n- Tom & <Jerry>');
  });

  it('escapes every html value and keeps the text value readable', () => {
    const d = data('nl', { ...merger, purpose: 'A & B <i>' });
    expect(d.html.purpose).toBe('A &amp; B &lt;i&gt;');
    expect(d.text.purpose).toBe('A & B <i>');
  });

  it('gives an empty reference when the disclosure has none', () => {
    const d = data('nl', { ...merger, reference: undefined });
    expect(d.text.reference).toBe('');
    expect(d.html.reference).toBe('');
  });

  it('keeps subject values on one line', () => {
    const d = data('nl', { ...merger, recipient: { ...merger.recipient, name: 'A\r\nB\u0085C' } });
    expect(d.subject.recipientName).toBe('A B C');
  });

  it('refuses an authority website that is not http(s), as it becomes a link', () => {
    const hostileProfile = { ...profile, supervisoryAuthority: { ...profile.supervisoryAuthority, website: 'javascript:alert(1)' } };
    expect(() => data('nl', merger, hostileProfile)).toThrow(/Not a web address/);
  });

  it('says why the notice is late only when a hold kept it back, without naming the order', () => {
    expect(data('nl').text.deferralNote).toBe('');
    expect(data('en').html.deferralNote).toBe('');
    const nl = data('nl', held);
    const en = data('en', held);
    expect(nl.text.deferralNote).toContain('niet eerder');
    expect(nl.text.deferralNote).toContain('bevel van een bevoegde instantie');
    expect(en.text.deferralNote).toContain('could not tell you about this earlier');
    expect(en.text.deferralNote).toContain('order of an authority');
    for (const d of [nl, en]) {
      expect(JSON.stringify(d)).not.toContain(ORDER_REFERENCE);
      expect(JSON.stringify(d)).not.toContain(HOLD_REASON);
    }
  });

  it('does not change its input', () => {
    const disclosure = structuredClone(merger);
    data('nl', disclosure);
    expect(disclosure).toEqual(merger);
  });
});

describe('subjectNoticeData', () => {
  it('greets by name when known', () => {
    expect(subjectNoticeData({ name: 'Jan Jansen' }, 'nl').addressee.text.greeting).toBe('Beste Jan Jansen,');
    expect(subjectNoticeData({ name: 'Jan Jansen' }, 'en').addressee.text.greeting).toBe('Dear Jan Jansen,');
  });

  it('greets neutrally without a usable name', () => {
    for (const name of [undefined, '', ' \r\n ']) {
      expect(subjectNoticeData({ name }, 'nl').addressee.text.greeting).toBe('Geachte heer/mevrouw,');
      expect(subjectNoticeData({ name }, 'en').addressee.text.greeting).toBe('Dear Sir or Madam,');
    }
  });

  it('escapes the name for HTML and keeps it on one line', () => {
    const { addressee } = subjectNoticeData({ name: 'Eve\r\n<b>X</b>' }, 'en');
    expect(addressee.html.greeting).toBe('Dear Eve &lt;b&gt;X&lt;/b&gt;,');
    expect(addressee.text.greeting).toBe('Dear Eve <b>X</b>,');
  });

  it('uses top-level keys of its own, so SES laying it over DefaultTemplateData loses nothing', () => {
    for (const locale of LOCALES) {
      const defaults = Object.keys(data(locale));
      const replacement = Object.keys(subjectNoticeData({ name: 'Jan' }, locale));
      expect(replacement.filter((key) => defaults.includes(key))).toEqual([]);
    }
  });
});
