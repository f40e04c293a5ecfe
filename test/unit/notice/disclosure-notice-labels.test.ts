import { describe, expect, it } from 'vitest';
import { DISCLOSURE_KINDS, LEGAL_BASES, RECIPIENT_KINDS } from '../../../shared/domain/disclosure/disclosure';
import { LOCALES } from '../../../shared/domain/locale';
import {
  DISCLOSURE_KIND_LABELS,
  LEGAL_BASIS_LABELS,
  RECIPIENT_KIND_LABELS,
} from '../../../shared/domain/notice/disclosure-notice-labels';

const TABLES = [
  ['disclosure kind', DISCLOSURE_KINDS, DISCLOSURE_KIND_LABELS],
  ['recipient kind', RECIPIENT_KINDS, RECIPIENT_KIND_LABELS],
  ['legal basis', LEGAL_BASES, LEGAL_BASIS_LABELS],
] as const;

describe.each(TABLES)('%s labels', (_name, values, labels) => {
  it('name every value in every locale, in words a reader understands', () => {
    for (const locale of LOCALES) {
      const table = labels[locale] as Readonly<Record<string, string>>;
      expect(Object.keys(table).sort()).toEqual([...values].sort());
      for (const value of values) {
        const label = table[value];
        expect(label, `${locale} ${value}`).toMatch(/^\S.*\S$/);
        // A code such as "order_fulfilment" leaking into a notice would show as written.
        expect(label, `${locale} ${value}`).not.toMatch(/_/);
      }
    }
  });

  it('are translated, not copied between locales', () => {
    for (const value of values) {
      const nl = (labels.nl as Readonly<Record<string, string>>)[value];
      const en = (labels.en as Readonly<Record<string, string>>)[value];
      expect(nl, value).not.toBe(en);
    }
  });
});

describe('new kinds', () => {
  it('reads naturally for the kinds added with the policy profiles', () => {
    expect(DISCLOSURE_KIND_LABELS.en.order_fulfilment).toMatch(/order/i);
    expect(DISCLOSURE_KIND_LABELS.nl.debt_collection).toMatch(/innen/);
    expect(DISCLOSURE_KIND_LABELS.en.professional_adviser).toMatch(/lawyer/);
    expect(RECIPIENT_KIND_LABELS.nl.supplier).toBe('leverancier');
    expect(RECIPIENT_KIND_LABELS.en.financial_institution).toBe('financial institution');
  });
});
