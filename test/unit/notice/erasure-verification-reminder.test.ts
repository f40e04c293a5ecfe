import { describe, expect, it } from 'vitest';
import type { Locale } from '../../../shared/domain/locale';
import { renderErasureVerification } from '../../../shared/domain/notice/erasure-verification';
import { profile } from './fixtures';

const VERIFY_URL = 'https://privacy.etsoft.example/v/tok_9c1e7b?lang=nl&x=1';
const RECEIVED_ON = '2027-03-03T10:15:00Z';
const EXPIRES_AT = '2027-03-17T10:15:00Z';

const render = (locale: Locale, reminder: boolean, name?: string) =>
  renderErasureVerification({ profile, locale, name, receivedOn: RECEIVED_ON, channel: 'post', verifyUrl: VERIFY_URL, expiresAt: EXPIRES_AT, reminder });

describe('renderErasureVerification, the reminder', () => {
  it('says in Dutch that the confirmation is still missing and that nothing is erased without it, with the link and its expiry', () => {
    const { subject, text, html } = render('nl', true, 'Jan Jansen');
    expect(subject).toBe('Herinnering: bevestig uw verzoek aan ETSoft B.V. om uw persoonsgegevens te verwijderen');
    for (const out of [text, html]) {
      expect(out).toContain('Wij hebben uw bevestiging nog niet ontvangen.');
      expect(out).toContain('niet vóór 17 maart 2027 om 11:15, dan sluiten wij het en verwijderen wij niets');
      expect(out).toContain('geldig tot 17 maart 2027 om 11:15');
    }
    expect(text).toContain(VERIFY_URL);
    expect(html).toContain(VERIFY_URL.replace('&', '&amp;'));
    expect(html).toContain('<html lang="nl">');
  });

  it('says the same in English', () => {
    const { subject, text, html } = render('en', true);
    expect(subject).toBe('Reminder: please confirm your request to ETSoft B.V. to erase your personal data');
    for (const out of [text, html]) {
      expect(out).toContain('We have not received your confirmation yet.');
      expect(out).toContain('before 17 March 2027 at 11:15, we will close it and erase nothing');
    }
    expect(html).toContain('<html lang="en">');
  });

  it('is the first email otherwise, word for word, with the reminder paragraph added', () => {
    const first = render('en', false, 'Ann Smith');
    const reminder = render('en', true, 'Ann Smith');
    expect(first.text).not.toContain('not received your confirmation');
    const paragraphs = (text: string) => text.split('\n\n');
    expect(paragraphs(reminder.text).filter((paragraph) => !paragraphs(first.text).includes(paragraph))).toEqual([
      'We have not received your confirmation yet. If you do not confirm the request before 17 March 2027 at 11:15, we will close it and erase nothing. You can always make a new request after that.',
    ]);
  });

  it('escapes the subject name in HTML and keeps the subject line on one line', () => {
    const { subject, html } = render('nl', true, 'Eve\r\nBcc: x@example.com <b>bold</b>');
    expect(subject).not.toMatch(/[\r\n]/);
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<b>bold</b>');
  });
});
