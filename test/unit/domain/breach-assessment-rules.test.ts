import { describe, expect, it } from 'vitest';
import { checkAssessment } from '../../../shared/domain/breach/assessment-rules';
import type { BreachNoticeCampaign } from '../../../shared/domain/breach/breach';
import { aFiling, aStoredBreach } from '../../helpers/breach-fakes';

const campaign: BreachNoticeCampaign = { audience: { type: 'all' }, words: {}, partsTotal: 4, startedAt: '2026-12-02T12:00:00.000Z', startedBy: {} };

describe('checkAssessment', () => {
  it('takes any risk on a fresh breach, and an exemption with a high risk', () => {
    for (const risk of ['none', 'risk', 'high'] as const) expect(checkAssessment(aStoredBreach(), { risk })).toBeUndefined();
    expect(checkAssessment(aStoredBreach(), { risk: 'high', exemption: { ground: 'encrypted', reasoning: 'AES-256, key not taken' } })).toBeUndefined();
  });

  it('refuses an exemption from notices with a risk that is not high (Art. 34(3))', () => {
    for (const risk of ['none', 'risk'] as const) {
      expect(checkAssessment(aStoredBreach(), { risk, exemption: { ground: 'mitigated', reasoning: 'why' } })).toMatchObject({ kind: 'invalid', field: 'exemption' });
    }
  });

  it('refuses `none` once a filing is recorded, and takes it after the filing is withdrawn', () => {
    const filed = aStoredBreach({ filings: [aFiling()] });
    expect(checkAssessment(filed, { risk: 'none' })).toMatchObject({ kind: 'conflict', field: 'risk', message: expect.stringContaining('withdrawal') });
    expect(checkAssessment(filed, { risk: 'high' })).toBeUndefined();
    const withdrawn = aStoredBreach({ filings: [aFiling(), aFiling({ phase: 'withdrawal' })] });
    expect(checkAssessment(withdrawn, { risk: 'none' })).toBeUndefined();
  });

  it('refuses `none` once subjects are being told', () => {
    expect(checkAssessment(aStoredBreach({ notices: campaign }), { risk: 'none' })).toMatchObject({ kind: 'conflict', field: 'risk' });
    expect(checkAssessment(aStoredBreach({ notices: campaign }), { risk: 'risk' })).toBeUndefined();
  });
});
