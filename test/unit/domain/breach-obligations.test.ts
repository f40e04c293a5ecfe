import { describe, expect, it } from 'vitest';
import { breachObligations } from '../../../shared/domain/breach/breach-obligations';
import type { BreachNoticeCampaign, PublicCommunication } from '../../../shared/domain/breach/breach';
import { aFiling, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';

const campaign: BreachNoticeCampaign = { audience: { type: 'all' }, words: {}, partsTotal: 4, startedAt: '2026-12-02T12:00:00.000Z', startedBy: {} };
const communication: PublicCommunication = { publishedAt: '2026-12-02T12:00:00.000Z', channel: 'website', recordedAt: '2026-12-02T12:05:00.000Z', recordedBy: {} };

describe('breachObligations', () => {
  it('asks an unassessed breach for its assessment and a filing: the 72 hours run regardless', () => {
    expect(breachObligations(aStoredBreach())).toEqual({ needed: ['assessment', 'filing'], outstanding: ['assessment', 'filing'], open: true });
  });

  it('keeps an unassessed breach open after its filing, until it is assessed', () => {
    expect(breachObligations(aStoredBreach({ filings: [aFiling()] }))).toEqual({ needed: ['assessment', 'filing'], outstanding: ['assessment'], open: true });
  });

  it('closes a breach assessed as no risk, with nothing to file (Art. 33(5): documented only)', () => {
    expect(breachObligations(aStoredBreach({ assessment: anAssessment({ risk: 'none' }) }))).toEqual({ needed: ['assessment'], outstanding: [], open: false });
  });

  it('needs a filing for a risk, and is done once one is recorded, a withdrawal included', () => {
    const risky = aStoredBreach({ assessment: anAssessment({ risk: 'risk' }) });
    expect(breachObligations(risky)).toMatchObject({ outstanding: ['filing'], open: true });
    expect(breachObligations({ ...risky, filings: [aFiling()] })).toMatchObject({ outstanding: [], open: false });
    expect(breachObligations({ ...risky, filings: [aFiling(), aFiling({ phase: 'withdrawal' })] })).toMatchObject({ open: false });
  });

  it('needs subject notices for a high risk without exemption, met once they started', () => {
    const high = aStoredBreach({ assessment: anAssessment({ risk: 'high' }), filings: [aFiling()] });
    expect(breachObligations(high)).toEqual({ needed: ['assessment', 'filing', 'subject-notices'], outstanding: ['subject-notices'], open: true });
    expect(breachObligations({ ...high, notices: campaign })).toMatchObject({ outstanding: [], open: false });
  });

  it('needs no notices under an exemption, but a public communication when telling each would take disproportionate effort', () => {
    const exempt = (ground: 'encrypted' | 'mitigated' | 'disproportionate_effort') =>
      aStoredBreach({ assessment: anAssessment({ risk: 'high', exemption: { ground, reasoning: 'why' } }), filings: [aFiling()] });
    expect(breachObligations(exempt('encrypted'))).toMatchObject({ needed: ['assessment', 'filing'], open: false });
    expect(breachObligations(exempt('mitigated'))).toMatchObject({ needed: ['assessment', 'filing'], open: false });
    expect(breachObligations(exempt('disproportionate_effort'))).toMatchObject({ outstanding: ['public-communication'], open: true });
    expect(breachObligations({ ...exempt('disproportionate_effort'), publicCommunication: communication })).toMatchObject({ outstanding: [], open: false });
  });
});
