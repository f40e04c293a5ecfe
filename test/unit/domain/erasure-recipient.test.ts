import { describe, expect, it } from 'vitest';
import { recipientSettled, recipientsFromLedger, type LedgerEntryOfSubject } from '../../../shared/domain/erasure/erasure-recipient';

const buyer = { recipientId: 'buyer', name: 'Buyer BV (as disclosed)', kind: 'acquirer' as const, country: 'NL' };
const courier = { recipientId: 'courier', name: 'Courier BV', kind: 'processor' as const, country: 'BE' };

const entry = (disclosureId: string, recipient: LedgerEntryOfSubject['recipient'], disclosedAt: string, dataCategories = ['contact']): LedgerEntryOfSubject => ({
  disclosureId,
  kind: 'merger_acquisition',
  recipient,
  dataCategories,
  disclosedAt,
});

describe('recipientsFromLedger', () => {
  it('names every recipient once, with each disclosure it received, oldest first', () => {
    const recipients = recipientsFromLedger(
      [entry('d3', buyer, '2026-05-01T00:00:00.000Z', ['health']), entry('d1', courier, '2026-01-01T00:00:00.000Z'), entry('d2', buyer, '2026-02-01T00:00:00.000Z')],
      new Map(),
      'nl',
    );

    expect(recipients.map((recipient) => recipient.recipientId)).toEqual(['courier', 'buyer']);
    expect(recipients[1]!.disclosures).toEqual([
      { disclosureId: 'd2', kind: 'merger_acquisition', dataCategories: ['contact'], disclosedAt: '2026-02-01T00:00:00.000Z' },
      { disclosureId: 'd3', kind: 'merger_acquisition', dataCategories: ['health'], disclosedAt: '2026-05-01T00:00:00.000Z' },
    ]);
  });

  it('reaches a recipient through its stored contacts and language, and falls back to the snapshot and the controller language', () => {
    const [withContacts, withoutContacts] = recipientsFromLedger(
      [entry('d1', buyer, '2026-01-01T00:00:00.000Z'), entry('d2', courier, '2026-02-01T00:00:00.000Z')],
      new Map([['buyer', { name: 'Buyer BV', contactEmail: 'privacy@buyer.example', webhookUrl: 'https://buyer.example/hooks', locale: 'en' as const }]]),
      'nl',
    );

    expect(withContacts).toMatchObject({ name: 'Buyer BV', contactEmail: 'privacy@buyer.example', webhookUrl: 'https://buyer.example/hooks', locale: 'en' });
    expect(withoutContacts).toMatchObject({ name: 'Courier BV', locale: 'nl' });
    expect(withoutContacts).not.toHaveProperty('contactEmail');
    expect(withoutContacts).not.toHaveProperty('webhookUrl');
  });

  it('finds nobody when nothing was disclosed', () => {
    expect(recipientsFromLedger([], new Map(), 'en')).toEqual([]);
  });
});

describe('recipientSettled', () => {
  it('waits for a recipient that neither answered nor was escalated', () => {
    expect(recipientSettled({})).toBe(false);
    expect(recipientSettled({ answer: { status: 'refused', reason: 'Tax law', answeredAt: '2026-01-01T00:00:00.000Z', via: 'link' } })).toBe(true);
    expect(recipientSettled({ escalatedAt: '2026-01-15T00:00:00.000Z' })).toBe(true);
  });
});
