import { describe, expect, it } from 'vitest';
import { DISCLOSURE_STATUSES, disclosureStatus, type DisclosurePhases } from '../../../shared/domain/disclosure/disclosure-status';
import { aProgress } from '../../helpers/factories';

describe('disclosureStatus', () => {
  it('is accepted while no page has been planned', () => {
    // Act
    const status = disclosureStatus(aProgress({ partsTotal: 4, partsPlanned: 0, subjects: 0 }));

    // Assess
    expect(status).toBe('accepted');
  });

  it('is planning as soon as a first page is counted, before any part is planned to its end', () => {
    // Act
    const status = disclosureStatus(aProgress({ partsTotal: 4, partsPlanned: 0, subjects: 500, notified: 200 }));

    // Assess
    expect(status).toBe('planning');
  });

  it('is planning once some, not all, parts are planned, even if every counted notice settled', () => {
    // Act
    const status = disclosureStatus(aProgress({ partsTotal: 4, partsPlanned: 3, subjects: 10, notified: 10 }));

    // Assess
    expect(status).toBe('planning');
  });

  it('is notifying once every part is planned and some notices are still out', () => {
    // Act
    const status = disclosureStatus(
      aProgress({ partsTotal: 4, partsPlanned: 4, subjects: 10, notified: 6, failed: 1, suppressed: 2 }),
    );

    // Assess
    expect(status).toBe('notifying');
  });

  it('is completed when sent, failed and suppressed notices add up to the subjects', () => {
    // Act
    const status = disclosureStatus(
      aProgress({ partsTotal: 4, partsPlanned: 4, subjects: 10, notified: 7, failed: 1, suppressed: 2 }),
    );

    // Assess
    expect(status).toBe('completed');
  });

  it('is completed at once for a planned audience of nobody', () => {
    // Act
    const status = disclosureStatus(aProgress({ partsTotal: 2, partsPlanned: 2, subjects: 0 }));

    // Assess
    expect(status).toBe('completed');
  });

  it('moves accepted -> planning -> notifying -> completed as the counters grow', () => {
    // Prepare
    const steps = [
      aProgress({ partsTotal: 2 }),
      aProgress({ partsTotal: 2, partsPlanned: 1, subjects: 3 }),
      aProgress({ partsTotal: 2, partsPlanned: 2, subjects: 5, notified: 3 }),
      aProgress({ partsTotal: 2, partsPlanned: 2, subjects: 5, notified: 3, failed: 1, suppressed: 1 }),
    ];

    // Act
    const statuses = steps.map((progress) => disclosureStatus(progress));

    // Assess
    expect(statuses).toEqual(['accepted', 'planning', 'notifying', 'completed']);
  });

  it('counts notices not required as settled: completed once every entry is written', () => {
    // Act
    const status = disclosureStatus(aProgress({ partsTotal: 2, partsPlanned: 2, subjects: 10, notRequired: 10 }), { noticeMode: 'none' });

    // Assess
    expect(status).toBe('completed');
  });

  it('is notifying while some notices are required and still out, beside notices not required', () => {
    // Act
    const status = disclosureStatus(aProgress({ partsTotal: 1, partsPlanned: 1, subjects: 10, notRequired: 9 }), { noticeMode: 'none' });

    // Assess
    expect(status).toBe('notifying');
  });

  it('does not count excluded subjects as subjects to settle', () => {
    // Act
    const status = disclosureStatus(
      aProgress({ partsTotal: 1, partsPlanned: 1, subjects: 3, notified: 3, excludedNoConsent: 4, excludedOptedOut: 2 }),
    );

    // Assess
    expect(status).toBe('completed');
  });
});

describe('disclosureStatus of a transfer announced before it happens (mode before)', () => {
  const before = (phases: Omit<DisclosurePhases, 'noticeMode'> = {}): DisclosurePhases => ({ noticeMode: 'before', ...phases });

  it('is scheduled until the intent notices start going out', () => {
    // Act
    const status = disclosureStatus(aProgress({ partsTotal: 2 }), before());

    // Assess
    expect(status).toBe('scheduled');
  });

  it('is announcing while intent pages are planned', () => {
    // Act
    const status = disclosureStatus(aProgress({ partsTotal: 2, intentPartsPlanned: 1, intentSubjects: 5, intentNotified: 5 }), before({ intentStartedAt: '2026-11-24T10:00:00Z' }));

    // Assess
    expect(status).toBe('announcing');
  });

  it('is announcing while every intent page is planned but intent notices are still out', () => {
    // Act
    const status = disclosureStatus(
      aProgress({ partsTotal: 2, intentPartsPlanned: 2, intentSubjects: 5, intentNotified: 2, intentFailed: 1, intentSuppressed: 1 }),
      before({ intentStartedAt: '2026-11-24T10:00:00Z' }),
    );

    // Assess
    expect(status).toBe('announcing');
  });

  it('is objection_window once every intent notice settled, until the transfer executes', () => {
    // Act
    const status = disclosureStatus(
      aProgress({ partsTotal: 2, intentPartsPlanned: 2, intentSubjects: 5, intentNotified: 3, intentFailed: 1, intentSuppressed: 1 }),
      before({ intentStartedAt: '2026-11-24T10:00:00Z' }),
    );

    // Assess
    expect(status).toBe('objection_window');
  });

  it('follows the ledger once the transfer executes: accepted, planning, completed', () => {
    // Prepare
    const executed = before({ intentStartedAt: '2026-11-24T10:00:00Z', executionStartedAt: '2026-12-24T10:00:00Z' });
    const intent = { intentPartsPlanned: 2, intentSubjects: 4, intentNotified: 4 };
    const steps = [
      aProgress({ partsTotal: 2, ...intent }),
      aProgress({ partsTotal: 2, ...intent, partsPlanned: 1, subjects: 2, notified: 2 }),
      // One objector: three entries carry the intent notice's outcome, and the transfer is done.
      aProgress({ partsTotal: 2, ...intent, partsPlanned: 2, subjects: 3, notified: 3, excludedObjected: 1 }),
    ];

    // Act
    const statuses = steps.map((progress) => disclosureStatus(progress, executed));

    // Assess
    expect(statuses).toEqual(['accepted', 'planning', 'completed']);
  });
});

describe('disclosureStatus of a disclosure under a non-disclosure order (mode deferred)', () => {
  it('is held once every part is planned, until the hold is released, however few notices settled', () => {
    // Act
    const status = disclosureStatus(aProgress({ partsTotal: 2, partsPlanned: 2, subjects: 10 }), { noticeMode: 'deferred' });

    // Assess
    expect(status).toBe('held');
  });

  it('is planning, not held, while parts are still planned', () => {
    // Act
    const status = disclosureStatus(aProgress({ partsTotal: 2, partsPlanned: 1, subjects: 10 }), { noticeMode: 'deferred' });

    // Assess
    expect(status).toBe('planning');
  });

  it('is held for an audience of nobody too, until released', () => {
    // Act
    const held = disclosureStatus(aProgress({ partsTotal: 1, partsPlanned: 1 }), { noticeMode: 'deferred' });
    const released = disclosureStatus(aProgress({ partsTotal: 1, partsPlanned: 1 }), { noticeMode: 'deferred', releasedAt: '2027-01-01T00:00:00Z' });

    // Assess
    expect([held, released]).toEqual(['held', 'completed']);
  });

  it('is notifying once released while the released notices are out, then completed', () => {
    // Prepare
    const released: DisclosurePhases = { noticeMode: 'deferred', releasedAt: '2027-01-01T00:00:00Z' };

    // Act
    const statuses = [
      disclosureStatus(aProgress({ partsTotal: 1, partsPlanned: 1, subjects: 3, partsReleased: 1, notified: 1 }), released),
      disclosureStatus(aProgress({ partsTotal: 1, partsPlanned: 1, subjects: 3, partsReleased: 1, notified: 2, failed: 1 }), released),
    ];

    // Assess
    expect(statuses).toEqual(['notifying', 'completed']);
  });

  it('names every status it can answer', () => {
    // Assess
    expect([...DISCLOSURE_STATUSES].sort()).toEqual(
      ['accepted', 'announcing', 'completed', 'held', 'notifying', 'objection_window', 'planning', 'scheduled'],
    );
  });
});
