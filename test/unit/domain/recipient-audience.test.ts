import { describe, expect, it } from 'vitest';
import { recipientAudience, type RecipientLedgerEntry } from '../../../shared/domain/breach/recipient-audience';
import { LISTED_DISCLOSURES } from '../../../shared/domain/notice/breach-notice-data';

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

  it('keeps only the latest disclosures a notice lists, and counts the earlier ones, for a subject with thousands', () => {
    // Prepare: 3000 disclosures of bob's, one a day back from the breach; one more under an order, one after the breach.
    const day = 86_400_000;
    const many = Array.from({ length: 3000 }, (_, index) =>
      entry('bob', `d${String(index).padStart(4, '0')}`, new Date(Date.parse(BREACH) - (3000 - index) * day).toISOString()),
    );
    const entries = [...many, entry('bob', 'held', '2026-11-30T09:00:00.000Z', { noticeStatus: 'held' }), entry('bob', 'late', '2026-12-05T09:00:00.000Z')];

    // Act
    const { members } = recipientAudience(entries, BREACH);

    // Assess
    const [bob] = members;
    expect(bob!.disclosures).toHaveLength(LISTED_DISCLOSURES);
    expect(bob!.disclosures.map((disclosure) => disclosure.disclosureId)).toEqual(many.slice(-LISTED_DISCLOSURES).map((each) => each.disclosureId));
    expect(bob!.earlierDisclosures).toBe(3000 - LISTED_DISCLOSURES);
  });

  it('counts no earlier disclosures for a subject with no more than a notice lists', () => {
    const entries = Array.from({ length: LISTED_DISCLOSURES }, (_, index) => entry('bob', `d${index}`, `2026-11-${String(index + 1).padStart(2, '0')}T09:00:00.000Z`));
    const [bob] = recipientAudience(entries, BREACH).members;
    expect(bob!.disclosures).toHaveLength(LISTED_DISCLOSURES);
    expect(bob).not.toHaveProperty('earlierDisclosures');
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
