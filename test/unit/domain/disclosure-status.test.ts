import { describe, expect, it } from 'vitest';
import { disclosureStatus } from '../../../shared/domain/disclosure/disclosure-status';
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
    const statuses = steps.map(disclosureStatus);

    // Assess
    expect(statuses).toEqual(['accepted', 'planning', 'notifying', 'completed']);
  });
});
