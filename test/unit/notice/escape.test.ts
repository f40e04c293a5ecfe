import { describe, expect, it } from 'vitest';
import { escapeHtml, headerSafe } from '../../../shared/domain/notice/escape';

describe('escapeHtml', () => {
  it('escapes every character that can open markup or end an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>\`&`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&#96;&amp;');
  });

  it('escapes an ampersand once, so existing entities show as typed', () => {
    expect(escapeHtml('&amp; &lt;')).toBe('&amp;amp; &amp;lt;');
  });

  it('leaves plain text, accents and line breaks alone', () => {
    expect(escapeHtml('Zoë van der Berg\n€ 10,-')).toBe('Zoë van der Berg\n€ 10,-');
  });
});

describe('headerSafe', () => {
  it('turns CR and LF into a single space', () => {
    expect(headerSafe('Acme\r\nBcc: all@example.com')).toBe('Acme Bcc: all@example.com');
  });

  it('removes other C0 and C1 controls, DEL and Unicode line separators', () => {
    const out = headerSafe('a\u0000b\tc\u000bd\u001fe\u007ff\u0085g\u009fh\u2028i\u2029j');
    expect(out).toBe('a b c d e f g h i j');
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('collapses whitespace runs and trims', () => {
    expect(headerSafe('  Jan \n\n  Jansen  ')).toBe('Jan Jansen');
  });

  it('keeps ordinary punctuation and non-ASCII letters', () => {
    expect(headerSafe('Zoë <b>&</b> Ça')).toBe('Zoë <b>&</b> Ça');
  });

  it('yields an empty string for only controls and spaces', () => {
    expect(headerSafe('\r\n \t')).toBe('');
  });
});
