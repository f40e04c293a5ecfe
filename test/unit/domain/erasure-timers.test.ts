import { describe, expect, it } from 'vitest';
import { isOverdue } from '../../../shared/domain/erasure/deadline';
import { dueDateTimers, overdueInstant, verificationTimers } from '../../../shared/domain/timers/erasure-timers';

const C = 'acme-care';
const E = 'e-1';

describe('dueDateTimers', () => {
  it('reminds at the start of the days 7 and 1 days before the due date in the controller zone, and flags overdue the moment after it', () => {
    // Due Monday 1 March 2027 in Amsterdam (winter time): 22 and 28 February start at 23:00 UTC the day before; 1 March ends at 23:00 UTC.
    const timers = dueDateTimers(C, E, '2027-03-01', 'NL', new Date('2027-02-01T09:00:00Z'));

    expect(timers).toEqual([
      { controllerId: C, erasureId: E, name: 'due-reminder-7d', dueAt: '2027-02-21T23:00:00.000Z' },
      { controllerId: C, erasureId: E, name: 'due-reminder-1d', dueAt: '2027-02-27T23:00:00.000Z' },
      { controllerId: C, erasureId: E, name: 'overdue', dueAt: '2027-03-01T23:00:00.000Z' },
    ]);
  });

  it('leaves out a reminder whose time has passed, never the overdue flag', () => {
    const names = (now: string) => dueDateTimers(C, E, '2027-03-01', 'NL', new Date(now)).map((timer) => timer.name);

    expect(names('2027-02-21T22:59:59.999Z')).toEqual(['due-reminder-7d', 'due-reminder-1d', 'overdue']);
    expect(names('2027-02-21T23:00:00.000Z')).toEqual(['due-reminder-1d', 'overdue']);
    expect(names('2027-02-27T23:00:00.001Z')).toEqual(['overdue']);
    expect(names('2027-03-05T10:00:00.000Z')).toEqual(['overdue']);
  });

  it('counts calendar days across a change to summer time (7 days minus an hour of real time)', () => {
    // Due Wednesday 31 March 2027: 24 March starts in winter time, 30 and 31 March in summer time (clocks forward on 28 March),
    // so the 7-day reminder comes 7 × 24 hours less one before the due date starts.
    const timers = dueDateTimers(C, E, '2027-03-31', 'NL', new Date('2027-03-01T00:00:00Z'));

    expect(timers.map((timer) => timer.dueAt)).toEqual(['2027-03-23T23:00:00.000Z', '2027-03-29T22:00:00.000Z', '2027-03-31T22:00:00.000Z']);
  });
});

describe('overdueInstant', () => {
  it('is the first moment at which the request counts as overdue', () => {
    const at = overdueInstant('2027-03-01', 'BE');

    expect(isOverdue('2027-03-01', 'BE', at)).toBe(true);
    expect(isOverdue('2027-03-01', 'BE', new Date(Date.parse(at) - 1))).toBe(false);
  });
});

describe('verificationTimers', () => {
  const sentAt = new Date('2027-02-01T09:00:02.000Z');

  it('reminds the subject halfway through the period and lapses the request when the link expires', () => {
    const timers = verificationTimers(C, E, sentAt, '2027-02-15T09:00:02.000Z', 14);

    expect(timers).toEqual([
      { controllerId: C, erasureId: E, name: 'verification-reminder', dueAt: '2027-02-08T09:00:02.000Z' },
      { controllerId: C, erasureId: E, name: 'verification-lapse', dueAt: '2027-02-15T09:00:02.000Z' },
    ]);
  });

  it('rounds an odd period up to whole days', () => {
    const [reminder] = verificationTimers(C, E, sentAt, '2027-02-08T09:00:02.000Z', 7);

    expect(reminder).toMatchObject({ name: 'verification-reminder', dueAt: '2027-02-05T09:00:02.000Z' });
  });

  it('arms no reminder when halfway is not before the expiry, nor when there is no address to remind', () => {
    expect(verificationTimers(C, E, sentAt, '2027-02-02T09:00:02.000Z', 1).map((timer) => timer.name)).toEqual(['verification-lapse']);
    expect(verificationTimers(C, E, sentAt, '2027-02-15T09:00:02.000Z', 14, false).map((timer) => timer.name)).toEqual(['verification-lapse']);
  });
});
