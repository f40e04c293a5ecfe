import { describe, expect, it } from 'vitest';
import {
  canExtend,
  dueInstant,
  extendedDueDate,
  initialDueDate,
  isOverdue,
  receiptDay,
  reminderInstants,
  type DeadlineCountry,
} from '../../../shared/domain/erasure/deadline';
import { addCalendarMonths, isWorkingDay, publicHolidays } from '../../../shared/domain/erasure/working-days';

// Every expected date below was read from the calendar (`date -d YYYY-MM-DD +%a`), not from the code.
// Receipts at 10:00 UTC fall on the same calendar day in Amsterdam and Brussels (11:00 or 12:00 there).
const at10 = (day: string) => `${day}T10:00:00Z`;

describe('addCalendarMonths', () => {
  it.each([
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2028-01-30', 1, '2028-02-29'],
    ['2100-01-31', 1, '2100-02-28'],
    ['2000-01-31', 1, '2000-02-29'],
    ['2027-03-31', 1, '2027-04-30'],
    ['2027-04-30', 1, '2027-05-30'],
    ['2027-01-31', 3, '2027-04-30'],
    ['2027-12-31', 2, '2028-02-29'],
    ['2025-12-15', 1, '2026-01-15'],
  ])('moves %s by %i month(s) to %s (same day, or the last day of the month)', (day, months, expected) => {
    // Act
    const moved = addCalendarMonths(day, months);

    // Assess
    expect(moved).toBe(expected);
  });
});

describe('initialDueDate: month ends and leap years', () => {
  it.each<[string, string, DeadlineCountry, string]>([
    ['31 Jan 2029 → 28 Feb 2029 (Wed)', '2029-01-31', 'NL', '2029-02-28'],
    ['31 Jan 2027 → 28 Feb 2027, a Sunday → Mon 1 Mar', '2027-01-31', 'NL', '2027-03-01'],
    ['31 Jan 2028 → 29 Feb 2028 (leap year, Tue)', '2028-01-31', 'NL', '2028-02-29'],
    ['29 Feb 2028 → 29 Mar 2028 (Wed)', '2028-02-29', 'BE', '2028-03-29'],
    ['31 Mar 2027 → 30 Apr 2027 (Fri)', '2027-03-31', 'NL', '2027-04-30'],
    ['31 Mar 2026 → 30 Apr 2026 (Thu)', '2026-03-31', 'BE', '2026-04-30'],
    ['30 Apr 2025 → 30 May 2025 (Fri)', '2025-04-30', 'NL', '2025-05-30'],
    ['30 Apr 2026 → 30 May 2026, a Saturday → Mon 1 Jun', '2026-04-30', 'BE', '2026-06-01'],
    ['31 Dec 2025 → 31 Jan 2026, a Saturday → Mon 2 Feb', '2025-12-31', 'NL', '2026-02-02'],
  ])('%s (%s, %s)', (_label, received, country, expected) => {
    // Act
    const due = initialDueDate(at10(received), country);

    // Assess
    expect(due).toBe(expected);
  });
});

describe('initialDueDate: weekends', () => {
  it('moves a Saturday due date to the Monday', () => {
    expect(initialDueDate(at10('2027-01-13'), 'NL')).toBe('2027-02-15');
    expect(initialDueDate(at10('2027-01-13'), 'BE')).toBe('2027-02-15');
  });

  it('moves a Sunday due date to the Monday', () => {
    expect(initialDueDate(at10('2027-01-14'), 'NL')).toBe('2027-02-15');
  });

  it('keeps a Monday due date', () => {
    expect(initialDueDate(at10('2027-01-15'), 'NL')).toBe('2027-02-15');
  });
});

describe('initialDueDate: public holidays of the Netherlands', () => {
  it.each([
    ['Koningsdag, Tue 27 Apr 2027 → Wed 28 Apr', '2027-03-27', '2027-04-28'],
    ['Easter Monday, 6 Apr 2026 → Tue 7 Apr', '2026-03-06', '2026-04-07'],
    ['Easter Sunday then Easter Monday, 28-29 Mar 2027 → Tue 30 Mar', '2027-02-28', '2027-03-30'],
    ['Ascension, Thu 6 May 2027 → Fri 7 May', '2027-04-06', '2027-05-07'],
    ['Whit Monday, 17 May 2027 → Tue 18 May', '2027-04-17', '2027-05-18'],
    ['Christmas Day then Boxing Day, Mon 25 and Tue 26 Dec 2028 → Wed 27 Dec', '2028-11-25', '2028-12-27'],
    ['New Year, Fri 1 Jan 2027, then a weekend → Mon 4 Jan', '2026-12-01', '2027-01-04'],
    ['Christmas Thu 25, Boxing Day Fri 26 Dec 2025, then a weekend → Mon 29 Dec', '2025-11-25', '2025-12-29'],
  ])('%s', (_label, received, expected) => {
    // Act
    const due = initialDueDate(at10(received), 'NL');

    // Assess
    expect(due).toBe(expected);
  });

  it('keeps Koningsdag on Saturday 26 April when the 27th is a Sunday (2025); the due date goes to Monday', () => {
    // Act
    const holidays = publicHolidays(2025, 'NL');
    const due = initialDueDate(at10('2025-03-26'), 'NL');

    // Assess
    expect(holidays.has('2025-04-26')).toBe(true);
    expect(holidays.has('2025-04-27')).toBe(false);
    expect(due).toBe('2025-04-28');
  });

  it.each([
    ['Good Friday (a school holiday in the library), 26 Mar 2027', '2027-02-26', '2027-03-26'],
    ['Bevrijdingsdag, Mon 5 May 2025, even in a lustrum year (a school holiday in the library)', '2025-04-05', '2025-05-05'],
    ['Labour Day, Fri 1 May 2026 (a holiday in Belgium only)', '2026-04-01', '2026-05-01'],
    ['21 July 2027 (a holiday in Belgium only)', '2027-06-21', '2027-07-21'],
    ['15 Aug 2028 (a holiday in Belgium only)', '2028-07-15', '2028-08-15'],
    ['1 Nov 2027 (a holiday in Belgium only)', '2027-10-01', '2027-11-01'],
    ['11 Nov 2027, Sint-Maarten (an observance)', '2027-10-11', '2027-11-11'],
  ])('counts %s as a working day', (_label, received, expected) => {
    expect(initialDueDate(at10(received), 'NL')).toBe(expected);
  });
});

describe('initialDueDate: public holidays of Belgium', () => {
  it.each([
    ['National Day, Wed 21 Jul 2027 → Thu 22 Jul', '2027-06-21', '2027-07-22'],
    ['Assumption, Tue 15 Aug 2028 → Wed 16 Aug', '2028-07-15', '2028-08-16'],
    ['All Saints, Mon 1 Nov 2027 → Tue 2 Nov (All Souls is no holiday)', '2027-10-01', '2027-11-02'],
    ['Armistice, Thu 11 Nov 2027 → Fri 12 Nov', '2027-10-11', '2027-11-12'],
    ['Easter Monday, 6 Apr 2026 → Tue 7 Apr', '2026-03-06', '2026-04-07'],
    ['Ascension, Thu 6 May 2027 → Fri 7 May', '2027-04-06', '2027-05-07'],
    ['Whit Monday, 17 May 2027 → Tue 18 May', '2027-04-17', '2027-05-18'],
    ['Labour Day, Fri 1 May 2026, then a weekend → Mon 4 May', '2026-04-01', '2026-05-04'],
    ['Assumption, Fri 15 Aug 2025, then a weekend → Mon 18 Aug', '2025-07-15', '2025-08-18'],
    ['New Year, Fri 1 Jan 2027, then a weekend → Mon 4 Jan', '2026-12-01', '2027-01-04'],
  ])('%s', (_label, received, expected) => {
    // Act
    const due = initialDueDate(at10(received), 'BE');

    // Assess
    expect(due).toBe(expected);
  });

  it.each([
    ['Koningsdag, Tue 27 Apr 2027 (a holiday in the Netherlands only)', '2027-03-27', '2027-04-27'],
    ['26 Dec 2025, a Friday (a holiday in the Netherlands only)', '2025-11-26', '2025-12-26'],
    ['Christmas Thu 25 Dec 2025 → Fri 26 Dec', '2025-11-25', '2025-12-26'],
  ])('%s', (_label, received, expected) => {
    expect(initialDueDate(at10(received), 'BE')).toBe(expected);
  });
});

describe('publicHolidays', () => {
  it('lists what date-holidays marks public in the Netherlands in 2027', () => {
    expect([...publicHolidays(2027, 'NL').keys()].sort()).toEqual([
      '2027-01-01',
      '2027-03-28',
      '2027-03-29',
      '2027-04-27',
      '2027-05-06',
      '2027-05-16',
      '2027-05-17',
      '2027-12-25',
      '2027-12-26',
    ]);
  });

  it('lists what date-holidays marks public in Belgium in 2027', () => {
    expect([...publicHolidays(2027, 'BE').keys()].sort()).toEqual([
      '2027-01-01',
      '2027-03-29',
      '2027-05-01',
      '2027-05-06',
      '2027-05-17',
      '2027-07-21',
      '2027-08-15',
      '2027-11-01',
      '2027-11-11',
      '2027-12-25',
    ]);
  });

  it('keeps a public holiday that shares its day with a school holiday (Ascension on Bevrijdingsdag, 5 May 2016)', () => {
    expect(isWorkingDay('2016-05-05', 'NL')).toBe(false);
    expect(isWorkingDay('2016-05-06', 'NL')).toBe(true);
  });
});

describe('receipt day in the controller’s zone', () => {
  it('takes 31 Jan 2028 23:30 UTC as 1 Feb in Amsterdam: due 1 Mar, not 29 Feb', () => {
    // Act
    const received = receiptDay('2028-01-31T23:30:00Z', 'NL');
    const due = initialDueDate('2028-01-31T23:30:00Z', 'NL');

    // Assess
    expect(received).toBe('2028-02-01');
    expect(due).toBe('2028-03-01');
  });

  it('reads the same instant the same way with an offset or as a Date', () => {
    expect(initialDueDate('2028-02-01T00:30:00+01:00', 'BE')).toBe('2028-03-01');
    expect(initialDueDate(new Date('2028-01-31T23:30:00Z'), 'BE')).toBe('2028-03-01');
  });

  it('keeps a receipt at the last millisecond of 31 Jan in Amsterdam (22:59:59.999 UTC) on 31 Jan', () => {
    expect(initialDueDate('2028-01-31T22:59:59.999Z', 'NL')).toBe('2028-02-29');
  });

  it('uses summer time: 30 Jun 2027 22:30 UTC is 1 Jul in Brussels, due 1 Aug (Sun) → Mon 2 Aug, not Fri 30 Jul', () => {
    expect(initialDueDate('2027-06-30T22:30:00Z', 'BE')).toBe('2027-08-02');
  });

  it('refuses a date-time without a zone, an invalid instant, and a country without a calendar', () => {
    expect(() => initialDueDate('2028-01-31T23:30:00', 'NL')).toThrow(RangeError);
    expect(() => initialDueDate('2028-02-30T10:00:00Z', 'NL')).toThrow(RangeError);
    expect(() => initialDueDate(new Date(Number.NaN), 'NL')).toThrow(RangeError);
    expect(() => initialDueDate(at10('2028-01-31'), 'DE' as DeadlineCountry)).toThrow(RangeError);
  });
});

describe('dueInstant', () => {
  it.each<[string, DeadlineCountry, string]>([
    ['2027-03-01', 'NL', '2027-03-01T22:59:59.999Z'],
    ['2027-07-01', 'BE', '2027-07-01T21:59:59.999Z'],
    // The clocks go forward on 28 Mar 2027 and back on 31 Oct 2027: each day ends in the offset it ends in.
    ['2027-03-28', 'NL', '2027-03-28T21:59:59.999Z'],
    ['2027-10-31', 'BE', '2027-10-31T22:59:59.999Z'],
    ['2028-12-31', 'NL', '2028-12-31T22:59:59.999Z'],
  ])('ends %s (%s) at %s', (dueDate, country, expected) => {
    expect(dueInstant(dueDate, country)).toBe(expected);
  });

  it('refuses a day that does not exist', () => {
    expect(() => dueInstant('2027-02-29', 'NL')).toThrow(RangeError);
    expect(() => dueInstant('2027-2-1', 'NL')).toThrow(RangeError);
  });

  it('counts the whole due date as in time, and overdue from the next millisecond', () => {
    expect(isOverdue('2027-03-01', 'NL', '2027-03-01T22:59:59.999Z')).toBe(false);
    expect(isOverdue('2027-03-01', 'NL', new Date('2027-03-01T23:00:00.000Z'))).toBe(true);
  });
});

describe('extendedDueDate', () => {
  it('adds the extension to the receipt day: 15 Jan 2027 → 15 Mar (1 month), 15 Apr (2 months)', () => {
    expect(extendedDueDate(at10('2027-01-15'), 'NL', 1)).toBe('2027-03-15');
    expect(extendedDueDate(at10('2027-01-15'), 'NL', 2)).toBe('2027-04-15');
  });

  it('counts from the receipt day, not from a first due date moved past a weekend: 31 Jan 2027 → 31 Mar, 30 Apr', () => {
    // First due date: 28 Feb 2027 is a Sunday, so Mon 1 Mar; 1 Mar + 2 months would wrongly give 1 May (a Saturday).
    expect(initialDueDate(at10('2027-01-31'), 'NL')).toBe('2027-03-01');
    expect(extendedDueDate(at10('2027-01-31'), 'NL', 1)).toBe('2027-03-31');
    expect(extendedDueDate(at10('2027-01-31'), 'NL', 2)).toBe('2027-04-30');
  });

  it('applies the working-day rules to the extended date: 21 May 2027 + 3 months → Sat 21 Aug → Mon 23 Aug', () => {
    expect(extendedDueDate(at10('2027-05-21'), 'BE', 2)).toBe('2027-08-23');
  });

  it('applies the holidays of the country: 27 Feb 2027, extended by 1 month (2 in all) → Koningsdag in NL, not in BE', () => {
    expect(extendedDueDate(at10('2027-02-27'), 'NL', 1)).toBe('2027-04-28');
    expect(extendedDueDate(at10('2027-02-27'), 'BE', 1)).toBe('2027-04-27');
  });

  it('refuses other lengths', () => {
    expect(() => extendedDueDate(at10('2027-01-15'), 'NL', 3 as 2)).toThrow(RangeError);
  });
});

describe('canExtend', () => {
  const received = at10('2027-01-15'); // First due date Mon 15 Feb 2027, ending 22:59:59.999 UTC.

  it('allows 1 or 2 months within the first month, with the new due date', () => {
    expect(canExtend(received, 'NL', '2027-02-01T09:00:00Z', 0, 1)).toEqual({ allowed: true, dueDate: '2027-03-15' });
    expect(canExtend(received, 'NL', '2027-02-01T09:00:00Z', 0, 2)).toEqual({ allowed: true, dueDate: '2027-04-15' });
  });

  it('allows a second month after a first one, counted from receipt', () => {
    expect(canExtend(received, 'NL', '2027-02-10T09:00:00Z', 1, 1)).toEqual({ allowed: true, dueDate: '2027-04-15' });
  });

  it('allows it up to the last moment of the first due date, and refuses it from the next millisecond', () => {
    expect(canExtend(received, 'NL', new Date('2027-02-15T22:59:59.999Z'), 0, 1)).toEqual({ allowed: true, dueDate: '2027-03-15' });
    expect(canExtend(received, 'NL', new Date('2027-02-15T23:00:00.000Z'), 0, 1)).toEqual({ allowed: false, reason: 'after_first_due_date' });
    expect(canExtend(received, 'NL', '2027-03-01T09:00:00Z', 0, 1)).toEqual({ allowed: false, reason: 'after_first_due_date' });
  });

  it('measures the first month to the first due date moved to a working day (31 Jan 2027 → Mon 1 Mar)', () => {
    const monthEnd = at10('2027-01-31');
    expect(canExtend(monthEnd, 'NL', '2027-03-01T20:00:00Z', 0, 2)).toEqual({ allowed: true, dueDate: '2027-04-30' });
    expect(canExtend(monthEnd, 'NL', '2027-03-01T23:00:00Z', 0, 2)).toEqual({ allowed: false, reason: 'after_first_due_date' });
  });

  it('refuses more than two months in all', () => {
    expect(canExtend(received, 'NL', '2027-02-01T09:00:00Z', 1, 2)).toEqual({ allowed: false, reason: 'more_than_two_months' });
    expect(canExtend(received, 'NL', '2027-02-01T09:00:00Z', 2, 1)).toEqual({ allowed: false, reason: 'more_than_two_months' });
  });

  it('gives the first due date as the reason when both apply', () => {
    expect(canExtend(received, 'NL', '2027-03-01T09:00:00Z', 2, 1)).toEqual({ allowed: false, reason: 'after_first_due_date' });
  });

  it('refuses nonsense counts', () => {
    expect(() => canExtend(received, 'NL', '2027-02-01T09:00:00Z', 3, 1)).toThrow(RangeError);
    expect(() => canExtend(received, 'NL', '2027-02-01T09:00:00Z', -1, 1)).toThrow(RangeError);
    expect(() => canExtend(received, 'NL', '2027-02-01T09:00:00Z', 0.5, 1)).toThrow(RangeError);
    expect(() => canExtend(received, 'NL', '2027-02-01T09:00:00Z', 0, 0 as 1)).toThrow(RangeError);
  });
});

describe('reminderInstants', () => {
  // Each reminder comes at midnight, the start of its day in the controller's zone, so the 1-day one lands on
  // the day before the due date (not on the due date itself): 00:00 CET is 23:00 UTC the day before, 00:00 CEST 22:00.
  it('reminds at the start of the days 7 and 1 days before the due date, earliest first', () => {
    expect(reminderInstants('2027-02-15', 'NL')).toEqual([
      { daysBefore: 7, at: '2027-02-07T23:00:00.000Z' },
      { daysBefore: 1, at: '2027-02-13T23:00:00.000Z' },
    ]);
  });

  it('counts calendar days in the zone across the change to summer time (28 Mar 2027)', () => {
    // 25 March starts in winter time, 31 March in summer time: the 7-day reminder comes 7 × 24 hours less one before 1 April starts.
    expect(reminderInstants('2027-04-01', 'NL')).toEqual([
      { daysBefore: 7, at: '2027-03-24T23:00:00.000Z' },
      { daysBefore: 1, at: '2027-03-30T22:00:00.000Z' },
    ]);
  });

  it('counts calendar days in the zone across the change to winter time (31 Oct 2027)', () => {
    // 27 October starts in summer time, 2 November in winter time: 7 × 24 hours and one more before 3 November starts.
    expect(reminderInstants('2027-11-03', 'BE')).toEqual([
      { daysBefore: 7, at: '2027-10-26T22:00:00.000Z' },
      { daysBefore: 1, at: '2027-11-01T23:00:00.000Z' },
    ]);
  });

  it('reminds at midnight on the day the clocks change, in the time still in force then', () => {
    // Due Monday 1 November 2027: the day before is Sunday 31 October, whose midnight is still summer time.
    expect(reminderInstants('2027-11-01', 'NL')).toEqual([
      { daysBefore: 7, at: '2027-10-24T22:00:00.000Z' },
      { daysBefore: 1, at: '2027-10-30T22:00:00.000Z' },
    ]);
  });
});
