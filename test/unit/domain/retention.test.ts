import { describe, expect, it } from 'vitest';
import { addIsoPeriod, isIsoPeriod, retainedCategories, unknownRetentionCategories } from '../../../shared/domain/erasure/retention';
import { dentists4dentists } from '../../../shared/domain/policy/profiles/dentists4dentists';
import { dsoft } from '../../../shared/domain/policy/profiles/dsoft';

const INVOICE_RULE = dentists4dentists.retention.find((rule) => rule.category === 'Copies of invoices')!;

describe('addIsoPeriod', () => {
  it('adds years, months, weeks and days in the calendar', () => {
    expect(addIsoPeriod('2026-03-15', 'P7Y')).toBe('2033-03-15');
    expect(addIsoPeriod('2026-03-15', 'P10M')).toBe('2027-01-15');
    expect(addIsoPeriod('2026-03-15', 'P2W')).toBe('2026-03-29');
    expect(addIsoPeriod('2026-12-25', 'P10D')).toBe('2027-01-04');
    expect(addIsoPeriod('2026-01-10', 'P1Y2M3W4D')).toBe('2027-04-04');
  });

  it('lands on the last day of the month when the day does not exist there', () => {
    expect(addIsoPeriod('2026-01-31', 'P1M')).toBe('2026-02-28');
    expect(addIsoPeriod('2028-01-31', 'P1M')).toBe('2028-02-29');
    expect(addIsoPeriod('2026-03-31', 'P1M')).toBe('2026-04-30');
    expect(addIsoPeriod('2024-02-29', 'P7Y')).toBe('2031-02-28');
    expect(addIsoPeriod('2024-02-29', 'P8Y')).toBe('2032-02-29');
    expect(addIsoPeriod('2026-08-31', 'P10M')).toBe('2027-06-30');
  });

  it('counts days after the months, from the day the months reached', () => {
    // 31 January + 1 month = 28 February; + 1 day = 1 March (not 3 March, as 31 February + 1 would be).
    expect(addIsoPeriod('2026-01-31', 'P1M1D')).toBe('2026-03-01');
  });

  it('refuses what is not a calendar day or a period of time', () => {
    expect(() => addIsoPeriod('2026-02-30', 'P1Y')).toThrow(RangeError);
    expect(() => addIsoPeriod('2026-03-15T00:00:00Z', 'P1Y')).toThrow(RangeError);
    expect(() => addIsoPeriod('2026-03-15', 'P')).toThrow(RangeError);
    expect(() => addIsoPeriod('2026-03-15', 'statutory')).toThrow(RangeError);
    expect(() => addIsoPeriod('2026-03-15', 'PT1H')).toThrow(RangeError);
  });

  it('tells a period of time from the legal period and a dispute', () => {
    expect([isIsoPeriod('P7Y'), isIsoPeriod('P10M'), isIsoPeriod('statutory'), isIsoPeriod('until_settled'), isIsoPeriod('P')]).toEqual([true, true, false, false, false]);
  });
});

describe('retainedCategories', () => {
  it("keeps a Dentists4Dentists subject's invoices for 7 years from the invoice date given, and the rest for the legal period", () => {
    const retained = retainedCategories(dentists4dentists, { retentionStarts: [{ category: 'Copies of invoices', from: '2026-03-15' }] }, '2026-11-23');

    expect(retained).toEqual([
      {
        category: 'Copies of invoices',
        label: { nl: 'Kopieën van facturen', en: 'Copies of invoices' },
        reason: 'policy',
        rule: { period: 'P7Y', from: 'the invoice date', source: INVOICE_RULE.source },
        startsOn: '2026-03-15',
        until: '2033-03-15',
      },
      {
        category: 'Other data the law requires to keep after the account is closed',
        label: { nl: 'Andere gegevens die wij na opzegging van uw account wettelijk moeten bewaren', en: 'Other data the law requires us to keep after your account is closed' },
        reason: 'policy',
        rule: expect.objectContaining({ period: 'statutory' }),
      },
    ]);
  });

  it('counts from the execution day when the legal team gives no start', () => {
    const [invoices] = retainedCategories(dentists4dentists, {}, '2026-11-23');
    expect(invoices).toMatchObject({ startsOn: '2026-11-23', until: '2033-11-23' });
  });

  it("lists every one of D Soft's purposes, with an end only for those with a period, and adds the holds the legal team named", () => {
    const retained = retainedCategories(
      dsoft,
      {
        retentionStarts: [{ category: 'Customer management', from: '2025-06-30' }],
        holds: [
          { category: 'Support tickets', ground: 'legal_hold', detail: 'Preservation order of the court of Ghent', until: '2027-06-30' },
          { category: 'Invoices 2025', ground: 'open_dispute', detail: 'Disputed invoice 2025-118' },
        ],
      },
      '2026-11-23',
    );

    expect(retained.map(({ category, reason, until }) => ({ category, reason, until }))).toEqual([
      { category: 'Customer management', reason: 'policy', until: '2035-06-30' },
      { category: 'Supplier management', reason: 'policy', until: '2036-11-23' },
      { category: 'Legal obligations', reason: 'policy', until: undefined },
      { category: 'Disputes', reason: 'policy', until: undefined },
      { category: 'Direct marketing', reason: 'policy', until: '2031-11-23' },
      { category: 'Support tickets', reason: 'legal_hold', until: '2027-06-30' },
      { category: 'Invoices 2025', reason: 'open_dispute', until: undefined },
    ]);
    expect(retained.at(-2)).toEqual({ category: 'Support tickets', reason: 'legal_hold', detail: 'Preservation order of the court of Ghent', until: '2027-06-30' });
    expect(retained.at(-1)).not.toHaveProperty('until');
    expect(retained.at(-1)).not.toHaveProperty('rule');
    // A hold's category is the legal team's words: it has no label to translate.
    expect(retained.at(-1)).not.toHaveProperty('label');
  });

  it('refuses an execution day that is not a calendar day', () => {
    expect(() => retainedCategories(dentists4dentists, {}, '23-11-2026')).toThrow(RangeError);
  });
});

describe('unknownRetentionCategories', () => {
  it("names the starts the profile has no rule for, and only those", () => {
    expect(
      unknownRetentionCategories(dentists4dentists, [
        { category: 'Copies of invoices', from: '2026-01-01' },
        { category: 'Invoices', from: '2026-01-01' },
      ]),
    ).toEqual(['Invoices']);
    expect(unknownRetentionCategories(dentists4dentists, [])).toEqual([]);
  });
});
