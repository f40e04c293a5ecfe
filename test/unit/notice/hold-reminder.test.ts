import { describe, expect, it } from 'vitest';
import { renderHoldReminder } from '../../../shared/domain/notice/hold-reminder';
import { acme, ACME, held, HOLD_REASON, merger, ORDER_REFERENCE, profile } from './fixtures';

const ENDPOINT = `/v1/controllers/etsoft/disclosures/${held.disclosureId}/hold`;
const remind = (daysLeft: number, locale?: 'nl' | 'en', disclosure = held, subjects = 1250) =>
  renderHoldReminder({ profile, disclosure, locale, daysLeft, subjects });

describe('renderHoldReminder', () => {
  it('tells the legal team, in Dutch, what ends when, what follows and how to extend', () => {
    const { subject, text, html } = remind(7, 'nl');
    expect(subject).toBe(`Geheimhouding van verstrekking ${held.disclosureId} eindigt over 7 dagen`);
    for (const out of [text, html]) {
      expect(out).toContain('16 januari 2027 om 00:00');
      expect(out).toContain(held.recipient.name);
      // The order stays in the pipeline: a mailbox may have more readers than the order allows.
      expect(out).not.toContain(ORDER_REFERENCE);
      expect(out).not.toContain(HOLD_REASON);
      expect(out).toContain('1.250 betrokkenen automatisch');
      expect(out).toContain(ENDPOINT);
      expect(out).toContain('POST');
      expect(out).toContain('vóór 16 januari 2027 om 00:00');
    }
    expect(text).toContain('{"until": "<nieuwe einddatum, ISO 8601>", "reason": "<reden van de verlenging>"}');
    expect(html).toContain('{&quot;until&quot;: &quot;&lt;nieuwe einddatum');
    expect(html).toContain('<html lang="nl">');
  });

  it('writes in the profile default locale unless told otherwise', () => {
    expect(remind(7).subject).toBe(remind(7, 'nl').subject);
    expect(remind(7, 'en').subject).toBe(`Non-disclosure hold on disclosure ${held.disclosureId} ends in 7 days`);
  });

  it('says tomorrow, in 7 days or today, naturally', () => {
    expect(remind(1, 'nl').subject).toMatch(/eindigt morgen$/);
    expect(remind(1, 'en').subject).toMatch(/ends tomorrow$/);
    expect(remind(1, 'en').text).toContain('ends tomorrow, on 16 January 2027 at 00:00');
    expect(remind(0, 'en').subject).toMatch(/ends today$/);
    expect(remind(7, 'en').text).toContain('ends in 7 days, on 16 January 2027 at 00:00');
  });

  it('counts one subject in the singular', () => {
    expect(remind(1, 'en', held, 1).text).toContain('tell 1 data subject about');
    expect(remind(1, 'nl', held, 1).text).toContain('informeren wij 1 betrokkene automatisch');
    expect(remind(1, 'en', held, 12345).text).toContain('tell 12,345 data subjects about');
  });

  it('escapes what the legal team typed in HTML, and keeps the subject on one line', () => {
    const hostile = acme({ ...held });
    const { subject, text, html } = remind(7, 'en', hostile);
    expect(html).toContain('Acme &lt;b&gt; Bcc: x@example.com');
    expect(html).not.toMatch(/Acme <b>/);
    expect(text).toContain(`${ACME} Bcc: x@example.com`);
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it('refuses a disclosure without a hold, and a nonsense day count', () => {
    expect(() => remind(7, 'nl', merger)).toThrow(/no hold/);
    expect(() => remind(-1, 'nl')).toThrow(RangeError);
    expect(() => remind(1.5, 'nl')).toThrow(RangeError);
  });
});
