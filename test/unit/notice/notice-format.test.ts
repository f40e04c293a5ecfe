import { describe, expect, it } from 'vitest';
import { countryName, formatCount, formatDate, formatDateTime, webAddress } from '../../../shared/domain/notice/notice-format';

describe('formatDate', () => {
  it('writes the calendar day in Amsterdam, long, in the locale', () => {
    expect(formatDate('2026-11-22T23:30:00Z', 'nl')).toBe('23 november 2026');
    expect(formatDate('2026-11-22T23:30:00Z', 'en')).toBe('23 November 2026');
  });

  it('names the field when the value is not a date', () => {
    expect(() => formatDate('soon', 'nl', 'plannedAt')).toThrow(/plannedAt is not a date/);
  });
});

describe('formatDateTime', () => {
  it('adds the Amsterdam time, for deadlines', () => {
    expect(formatDateTime('2027-01-15T23:00:00Z', 'nl')).toBe('16 januari 2027 om 00:00');
    expect(formatDateTime('2027-01-15T23:00:00Z', 'en')).toBe('16 January 2027 at 00:00');
  });
});

describe('formatCount', () => {
  it('groups thousands as the locale does', () => {
    expect(formatCount(12345, 'nl')).toBe('12.345');
    expect(formatCount(12345, 'en')).toBe('12,345');
  });
});

describe('countryName', () => {
  it('names a country in the locale, and falls back to the code', () => {
    expect(countryName('de', 'nl')).toBe('Duitsland');
    expect(countryName('DE', 'en')).toBe('Germany');
    expect(countryName('1!', 'en')).toBe('1!');
  });
});

describe('webAddress', () => {
  it('lets http(s) addresses through as given', () => {
    expect(webAddress('https://example.org/o/abc?x=1&y=2')).toBe('https://example.org/o/abc?x=1&y=2');
    expect(webAddress(' http://localhost:3000/o/abc ')).toBe('http://localhost:3000/o/abc');
  });

  it('refuses other schemes, relative paths and broken links', () => {
    for (const value of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,x', 'mailto:a@b.nl', '/o/abc', 'https://a.nl/o/x y', 'https://a.nl/\r\nx']) {
      expect(() => webAddress(value), value).toThrow(RangeError);
    }
  });
});
