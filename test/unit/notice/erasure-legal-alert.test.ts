import { describe, expect, it } from 'vitest';
import { ERASURE_LEGAL_ALERTS, type ErasureLegalAlertKind } from '../../../shared/domain/erasure/legal-alerts';
import { LOCALES, type Locale } from '../../../shared/domain/locale';
import { renderErasureLegalAlert, type ErasureLegalAlertInput } from '../../../shared/domain/notice/erasure-legal-alert';
import { SCRIPT, profile } from './fixtures';

const ERASURE_ID = '01KB0ERASURE0000000000000A';
const ENDPOINT = `/v1/controllers/etsoft/erasures/${ERASURE_ID}`;

const render = (alert: ErasureLegalAlertKind, overrides: Partial<ErasureLegalAlertInput> = {}) =>
  renderErasureLegalAlert({
    profile,
    alert,
    erasureId: ERASURE_ID,
    subjectId: 'klant-448120',
    state: 'verified',
    receivedAt: '2027-01-31T10:00:00Z',
    dueDate: '2027-03-01',
    extendable: true,
    ...(alert === 'recipient-escalated' ? { recipientName: 'Nordhealth Software GmbH' } : {}),
    ...overrides,
  });

describe('renderErasureLegalAlert', () => {
  it('reminds the legal team in Dutch, the profile language, 7 days ahead: which request, whose, where it stands, how to extend', () => {
    const { subject, text, html } = render('due-in-7-days');
    expect(subject).toBe(`Termijn van verwijderverzoek ${ERASURE_ID} verloopt over 7 dagen, op 1 maart 2027`);
    for (const out of [text, html]) {
      expect(out).toContain('Aan het juridische team van ETSoft B.V.');
      expect(out).toContain('moet uiterlijk op 1 maart 2027 zijn beantwoord (artikel 12, lid 3, AVG). Dat is over 7 dagen.');
      expect(out).toContain('klant-448120');
      expect(out).toContain('bevestigd, verwijdering nog niet gestart');
      expect(out).toContain('31 januari 2027');
      expect(out).toContain(`${ENDPOINT}/extension`);
      expect(out).toMatch(new RegExp(`GET (<code[^>]*>)?${ENDPOINT}`));
    }
    expect(text).toContain('{"months": 1, "reason": "<reden van de verlenging, die de betrokkene leest>"}');
    expect(html).toContain('{&quot;months&quot;: 1');
    expect(html).toMatch(new RegExp(`<code[^>]*>${ENDPOINT}/extension</code>`));
    expect(html).toContain('<html lang="nl">');
  });

  it('says tomorrow the day before, and that the deadline cannot be extended once it cannot', () => {
    const { subject, text } = render('due-in-1-day', { locale: 'en', extendable: false });
    expect(subject).toBe(`Erasure request ${ERASURE_ID} is due tomorrow, on 1 March 2027`);
    expect(text).toContain('That is tomorrow.');
    expect(text).toContain('The deadline can no longer be extended.');
    expect(text).not.toContain('/extension');
  });

  it('tells of an overdue request: the deadline passed, complete it now, where the subject may complain; no extension offered', () => {
    const { subject, text, html } = render('overdue', { locale: 'en', state: 'in_progress' });
    expect(subject).toBe(`Erasure request ${ERASURE_ID} is overdue: it was due on 1 March 2027`);
    for (const out of [text, html]) {
      expect(out).toContain('had to be answered by 1 March 2027 and is not completed yet');
      expect(out).toContain('Complete the request without further delay');
      expect(out).toContain('lodge a complaint with the Autoriteit Persoonsgegevens');
      expect(out).toContain('erasure in progress');
      expect(out).not.toContain('/extension');
    }
  });

  it('names the recipient that did not answer in 14 days and asks the legal team to follow up', () => {
    const { subject, text } = render('recipient-escalated', { locale: 'en', state: 'awaiting_recipients' });
    expect(subject).toBe(`Erasure request ${ERASURE_ID}: Nordhealth Software GmbH did not answer in 14 days`);
    expect(text).toContain('Nordhealth Software GmbH received the subject\'s data and was told of erasure request');
    expect(text).toContain('did not answer within 14 days');
    expect(text).toContain('Follow up with Nordhealth Software GmbH yourselves');
    expect(text).toContain('Recipient: Nordhealth Software GmbH');
    expect(text).toContain('waiting for recipients to answer');
    expect(text).not.toContain('/extension');
  });

  it('has every alert and every state in both languages', () => {
    for (const locale of LOCALES) {
      for (const alert of ERASURE_LEGAL_ALERTS) {
        const { subject, text } = render(alert, { locale: locale as Locale });
        expect(subject).toContain(ERASURE_ID);
        expect(text).toContain('klant-448120');
      }
    }
  });

  it('escapes what it is given in HTML and keeps the subject line on one line', () => {
    const hostile = `Evil Corp\r\nBcc: all@example.com ${SCRIPT}`;
    const { subject, text, html } = render('recipient-escalated', { locale: 'en', recipientName: hostile, subjectId: `s-1${SCRIPT}` });
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toContain('Evil Corp Bcc: all@example.com');
    expect(html).not.toContain(SCRIPT);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain(`Evil Corp Bcc: all@example.com ${SCRIPT}`);
    // The endpoint carries the ids URL-encoded, never raw.
    expect(render('due-in-7-days', { erasureId: 'e/../x?' }).text).toContain('/erasures/e%2F..%2Fx%3F');
  });

  it('refuses an escalation without the recipient name, a due date that is no calendar day, and an unknown alert', () => {
    expect(() => render('recipient-escalated', { recipientName: ' ' })).toThrow(/recipientName/);
    expect(() => render('overdue', { dueDate: '2027-02-30' })).toThrow(/dueDate/);
    expect(() => render('someday' as ErasureLegalAlertKind)).toThrow(RangeError);
  });
});
