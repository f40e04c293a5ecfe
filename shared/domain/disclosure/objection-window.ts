import type { Disclosure } from './disclosure';

/**
 * When subjects can no longer object to a transfer announced before it happens: at `plannedAt`, or later
 * when the intent notices went out late, so that the window always runs its full length. Undefined while
 * the intent notices have not gone out.
 */
export function objectionWindowEnds(disclosure: Pick<Disclosure, 'plannedAt' | 'intentAt'>, intentStartedAt: string | undefined): Date | undefined {
  if (!intentStartedAt || !disclosure.plannedAt || !disclosure.intentAt) return undefined;
  const plannedAt = Date.parse(disclosure.plannedAt);
  const windowMs = plannedAt - Date.parse(disclosure.intentAt);
  return new Date(Math.max(plannedAt, Date.parse(intentStartedAt) + windowMs));
}
