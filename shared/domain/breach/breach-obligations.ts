import type { StoredBreach } from './breach';

/**
 * What a breach obliges the controller to do: assess it; file with the authority (Art. 33) unless assessed as no
 * risk; tell the subjects (Art. 34(1)) of a high risk unless exempt (Art. 34(3)); communicate publicly instead when
 * telling each would take disproportionate effort (Art. 34(3)(c)).
 */
export const BREACH_OBLIGATIONS = ['assessment', 'filing', 'subject-notices', 'public-communication'] as const;
export type BreachObligation = (typeof BREACH_OBLIGATIONS)[number];

export interface BreachObligations {
  /** Every obligation the breach has as assessed now, met or not, in BREACH_OBLIGATIONS order. */
  needed: BreachObligation[];
  /** Those needed and not yet met. */
  outstanding: BreachObligation[];
  /** While anything is outstanding; a `none` assessment closes a breach with nothing outstanding. */
  open: boolean;
}

type Decided = Pick<StoredBreach, 'assessment' | 'filings' | 'notices' | 'publicCommunication'>;

/**
 * The breach's obligations from what was decided and done. Until assessed, a filing is assumed needed: the
 * 72 hours run from awareness whatever the assessment will say. A withdrawal counts as filed.
 */
export function breachObligations(breach: Decided): BreachObligations {
  const risk = breach.assessment?.risk;
  const ground = breach.assessment?.exemption?.ground;
  const obligations: Record<BreachObligation, { needed: boolean; met: boolean }> = {
    assessment: { needed: true, met: breach.assessment !== undefined },
    filing: { needed: risk !== 'none', met: breach.filings.length > 0 },
    'subject-notices': { needed: risk === 'high' && ground === undefined, met: breach.notices !== undefined },
    'public-communication': { needed: risk === 'high' && ground === 'disproportionate_effort', met: breach.publicCommunication !== undefined },
  };
  const needed = BREACH_OBLIGATIONS.filter((obligation) => obligations[obligation].needed);
  const outstanding = needed.filter((obligation) => !obligations[obligation].met);
  return { needed, outstanding, open: outstanding.length > 0 };
}
