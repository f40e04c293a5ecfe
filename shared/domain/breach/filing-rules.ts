import type { BreachFiling, FilingPhase, StoredBreach } from './breach';
import { FILING_HOURS, isLateFiling, lateByMinutes } from './breach-clock';
import type { BreachRefusal } from './breach-refusal';

/** A filing as the legal team states it, before it is recorded. */
export type FilingClaimed = Pick<BreachFiling, 'phase' | 'filedAt' | 'delayReasons'>;

/** How far a stated time may lie ahead of our clock (the team's clock runs a little fast) before it is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Whether a filing can be recorded on the breach as it stands at `now` (Art. 33(1), 33(4)): made when it says,
 * in the order the phases allow, with reasons when the first filing came after the 72 hours. Undefined when it can.
 *
 * Phases: the first filing is `initial`; `supplement`s and one `withdrawal` follow it; nothing follows a
 * withdrawal. Only the first filing is late or not (its lateness is frozen when recorded); supplements to a late
 * initial filing need no reasons of their own.
 */
export function checkFiling(breach: Pick<StoredBreach, 'report' | 'assessment' | 'filings'>, filing: FilingClaimed, now: Date): BreachRefusal | undefined {
  const { awareAt } = breach.report;
  const filedAt = Date.parse(filing.filedAt);
  const previous = breach.filings.at(-1);
  if (filedAt > now.getTime() + CLOCK_SKEW_MS) return invalid('filedAt', 'must not be in the future');
  if (filedAt < Date.parse(awareAt)) return invalid('filedAt', `must not be before the controller became aware of the breach, ${awareAt}`);
  if (breach.assessment?.risk === 'none') {
    return conflict('phase', 'the breach is assessed as no risk and closed; record a new assessment before filing');
  }
  const phaseRefusal = phaseConflict(filing.phase, previous?.phase);
  if (phaseRefusal) return phaseRefusal;
  if (previous && filedAt < Date.parse(previous.filedAt)) return invalid('filedAt', `must not be before the previous filing, made ${previous.filedAt}`);
  if (!previous && isLateFiling(awareAt, filing.filedAt) && !filing.delayReasons?.trim()) {
    return invalid(
      'delayReasons',
      `required: this first filing comes ${lateByMinutes(awareAt, filing.filedAt)} minute(s) after the ${FILING_HOURS} hours from awareness (GDPR Art. 33(1))`,
    );
  }
  return undefined;
}

function phaseConflict(phase: FilingPhase, previous: FilingPhase | undefined): BreachRefusal | undefined {
  if (previous === undefined && phase !== 'initial') return conflict('phase', 'the first filing with the authority must be initial');
  if (previous === 'withdrawal') return conflict('phase', 'the filing was withdrawn; nothing can follow a withdrawal');
  if (previous !== undefined && phase === 'initial') return conflict('phase', 'an initial filing is recorded; file a supplement or a withdrawal');
  return undefined;
}

const invalid = (field: string, message: string): BreachRefusal => ({ kind: 'invalid', field, message });
const conflict = (field: string, message: string): BreachRefusal => ({ kind: 'conflict', field, message });
