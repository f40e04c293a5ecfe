import { describe, expect, it } from 'vitest';
import { renderBreachFilingReminder, type BreachFilingReminderInput, type ReminderHours } from '../../../shared/domain/notice/breach-filing-reminder';
import { GEGEVENSBESCHERMINGSAUTORITEIT } from '../../../shared/domain/policy/authorities';
import { BREACH_ID } from '../../helpers/breach-fakes';
import { aProfile } from '../../helpers/factories';
import { SCRIPT } from './fixtures';

/** Aware 1 December 2026 08:00 UTC (09:00 in Amsterdam): the 72 hours end 4 December 08:00 UTC. */
const AWARE_AT = '2026-12-01T08:00:00.000Z';
const HOUR = 3600_000;
const hoursAfter = (hours: number) => new Date(Date.parse(AWARE_AT) + hours * HOUR);
const ENDPOINT = `/v1/controllers/acme-care/breaches/${BREACH_ID}`;

const remind = (hoursSinceAware: ReminderHours, overrides: Partial<BreachFilingReminderInput> = {}) =>
  renderBreachFilingReminder({
    profile: aProfile(),
    breachId: BREACH_ID,
    awareAt: AWARE_AT,
    hoursSinceAware,
    now: hoursSinceAware === 72 ? new Date(hoursAfter(72).getTime() + 1) : hoursAfter(hoursSinceAware),
    contactName: 'Mr. F. de Vries',
    ...overrides,
  });

describe('renderBreachFilingReminder', () => {
  it('tells the DPO, in Dutch, the hours gone and left and the deadline in Amsterdam time and in UTC, and what to do', () => {
    // Act
    const { subject, text, html } = remind(24);

    // Assess
    expect(subject).toBe(`Herinnering: datalek ${BREACH_ID} is nog niet gemeld, nog 48 uur`);
    for (const out of [text, html]) {
      expect(out).toContain('Aan Mr. F. de Vries en het privacyteam van Acme Care B.V.,');
      expect(out).toContain(`Datalek ${BREACH_ID} is ontdekt op 1 december 2026 om 09:00 (Europe/Amsterdam), 24 uur geleden.`);
      expect(out).toContain('Er is nog geen melding bij de Autoriteit Persoonsgegevens vastgelegd.');
      expect(out).toContain('uiterlijk op 4 december 2026 om 09:00 (Europe/Amsterdam), dat is 4 december 2026 om 08:00 UTC. Er blijft nog 48 uur over.');
      expect(out).toContain(`${ENDPOINT}/filing-draft`);
      expect(out).toContain(`${ENDPOINT}/filings`);
      expect(out).toContain(`${ENDPOINT}/assessment`);
      expect(out).not.toContain('delayReasons');
    }
    expect(text).toContain('Verstreken: 24 uur\nResterend: 48 uur');
    expect(html).toMatch(new RegExp(`<code[^>]*>${ENDPOINT}/filings</code>`));
    expect(html).toContain('<html lang="nl">');
  });

  it('counts the hours to the moment it is written, a delayed reminder too', () => {
    const { subject, text } = remind(60, { now: hoursAfter(61.5) });
    expect(subject).toContain('nog 10,5 uur');
    expect(text).toContain('61,5 uur geleden');
  });

  it("names the deadline in Brussels time for a Belgian controller, and writes in the profile's default language", () => {
    const belgian = aProfile({ country: 'BE', supervisoryAuthority: GEGEVENSBESCHERMINGSAUTORITEIT, defaultLocale: 'en' });
    const { subject, text } = remind(70, { profile: belgian });
    expect(subject).toBe(`Reminder: breach ${BREACH_ID} is not filed yet, 2 hours left`);
    expect(text).toContain('by 4 December 2026 at 09:00 (Europe/Brussels) at the latest, that is 4 December 2026 at 08:00 UTC. 2 hours are left.');
    expect(text).toContain('No filing with the Gegevensbeschermingsautoriteit has been recorded yet.');
  });

  it('says at 72 hours that the deadline has passed and that a filing now needs its reasons for the delay', () => {
    for (const locale of ['nl', 'en'] as const) {
      const { subject, text, html } = remind(72, { locale });
      expect(subject).toBe(
        locale === 'nl'
          ? `Datalek ${BREACH_ID} is niet binnen 72 uur gemeld bij de Autoriteit Persoonsgegevens`
          : `Breach ${BREACH_ID} was not filed with the Autoriteit Persoonsgegevens within 72 hours`,
      );
      for (const out of [text, html]) {
        expect(out).toContain('delayReasons');
        expect(out).toContain(locale === 'nl' ? 'verliep op 4 december 2026 om 09:00 (Europe/Amsterdam)' : 'ended on 4 December 2026 at 09:00 (Europe/Amsterdam)');
      }
      expect(text).not.toContain(locale === 'nl' ? 'Resterend' : 'Left:');
      expect(text).toContain(locale === 'nl' ? 'Verstreken: 72 uur' : 'Elapsed: 72 hours');
    }
  });

  it('escapes names in HTML and keeps the subject line on one line', () => {
    const { subject, text, html } = remind(24, { contactName: `Eve${SCRIPT}`, breachId: `b\r\nBcc: x@example.com${SCRIPT}` });
    expect(subject).not.toMatch(/[\r\n]/);
    expect(html).not.toContain(SCRIPT);
    expect(html).toContain('Eve&lt;script&gt;');
    expect(text).toContain(`Eve${SCRIPT}`);
    // The endpoints carry the id URL-encoded.
    expect(remind(24, { breachId: 'b/../x?' }).text).toContain('/breaches/b%2F..%2Fx%3F/filings');
  });

  it('greets only the privacy team when the breach contact is the controller itself', () => {
    expect(remind(24, { contactName: 'ACME CARE B.V.' }).text).toMatch(/^Aan het privacyteam van Acme Care B\.V\.,\n/);
    expect(remind(24, { contactName: 'Acme Care B.V.', locale: 'en' }).html).toContain('To the privacy team of Acme Care B.V.,');
  });

  it('refuses an hour it has no reminder for', () => {
    expect(() => remind(36 as ReminderHours)).toThrow(RangeError);
  });
});
