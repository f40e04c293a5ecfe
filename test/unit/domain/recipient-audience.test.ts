import { describe, expect, it } from 'vitest';
import { recipientAudience, type RecipientLedgerEntry } from '../../../shared/domain/breach/recipient-audience';

// The breach at the processor happened on 1 December 2026 at 22:00 UTC.
const BREACH = '2026-12-01T22:00:00.000Z';

const entry = (subjectId: string, disclosureId: string, disclosedAt: string, overrides: Partial<RecipientLedgerEntry> = {}): RecipientLedgerEntry => ({
  subjectId,
  disclosureId,
  disclosedAt,
  kind: 'processor_handoff',
  dataCategories: ['Name and contact details'],
  noticeStatus: 'not_required',
  ...overrides,
});

describe('recipientAudience', () => {
  it('reaches subjects whose data went to the recipient at or before the breach, not after', () => {
    // Act
    const { members, excludedUnderOrder } = recipientAudience(
      [
        entry('alice', 'd1', '2026-11-01T09:00:00.000Z'),
        entry('bob', 'd2', BREACH),
        entry('carol', 'd3', '2026-12-01T22:00:01.000Z'),
      ],
      BREACH,
    );

    // Assess
    expect(members.map((member) => member.subjectId)).toEqual(['alice', 'bob']);
    expect(excludedUnderOrder).toBe(0);
  });

  it('tells a subject with several disclosures once, naming each, oldest first, and none that came after the breach', () => {
    // Act
    const { members } = recipientAudience(
      [
        entry('bob', 'd2', '2026-11-20T09:00:00.000Z', { dataCategories: ['Invoices'] }),
        entry('bob', 'd1', '2026-11-01T09:00:00.000Z'),
        entry('bob', 'd9', '2026-12-05T09:00:00.000Z'),
      ],
      BREACH,
    );

    // Assess
    expect(members).toEqual([
      {
        subjectId: 'bob',
        disclosures: [
          { disclosureId: 'd1', disclosedAt: '2026-11-01T09:00:00.000Z', kind: 'processor_handoff', dataCategories: ['Name and contact details'] },
          { disclosureId: 'd2', disclosedAt: '2026-11-20T09:00:00.000Z', kind: 'processor_handoff', dataCategories: ['Invoices'] },
        ],
      },
    ]);
  });

  it('leaves out a subject whose every disclosure is still under a non-disclosure order, and counts it', () => {
    // Act
    const { members, excludedUnderOrder } = recipientAudience(
      [
        entry('alice', 'd1', '2026-11-01T09:00:00.000Z', { kind: 'law_enforcement', noticeStatus: 'held' }),
        entry('bob', 'd1', '2026-11-01T09:00:00.000Z', { kind: 'law_enforcement', noticeStatus: 'held' }),
        entry('bob', 'd2', '2026-11-02T09:00:00.000Z', { noticeStatus: 'sent' }),
        // Held, but after the breach: it does not count, so carol is neither told nor counted.
        entry('carol', 'd5', '2026-12-03T09:00:00.000Z', { noticeStatus: 'held' }),
      ],
      BREACH,
    );

    // Assess: bob is told of the disclosure not under the order, and of that one only.
    expect(members).toEqual([{ subjectId: 'bob', disclosures: [expect.objectContaining({ disclosureId: 'd2' })] }]);
    expect(excludedUnderOrder).toBe(1);
  });
});
