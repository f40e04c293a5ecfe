import type { DisclosureStore } from '../adapters/dynamo/disclosure-store';
import type { TimerStore } from '../adapters/dynamo/timer-store';
import type { HoldExtensionBody } from '../api/schemas';
import type { Actor } from '../domain/evidence/actor';
import { holdTimers } from '../domain/timers/hold-timers';

export type ExtendHoldOutcome =
  | { outcome: 'extended'; until: string }
  | { outcome: 'unknown-disclosure' }
  | { outcome: 'not-held' }
  | { outcome: 'released' }
  | { outcome: 'not-later'; until: string };

/**
 * Extends a non-disclosure hold to a later end, with its reason, as an event; the reminders and the
 * release are re-armed for the new end in the same transaction, so the old ones can no longer fire.
 */
export async function extendHold(
  deps: { disclosures: Pick<DisclosureStore, 'get' | 'appendEventPatiently'>; timers: Pick<TimerStore, 'armWrite'> },
  controllerId: string,
  disclosureId: string,
  body: HoldExtensionBody,
  now: Date,
  actor: Actor = {},
): Promise<ExtendHoldOutcome> {
  const stored = await deps.disclosures.get(controllerId, disclosureId);
  if (!stored) return { outcome: 'unknown-disclosure' };
  const hold = stored.disclosure.hold;
  if (stored.disclosure.noticeMode !== 'deferred' || !hold) return { outcome: 'not-held' };
  if (stored.phases.releasedAt) return { outcome: 'released' };
  const until = new Date(body.until).toISOString();
  if (Date.parse(until) <= Date.parse(hold.until)) return { outcome: 'not-later', until: hold.until };
  const extended = await deps.disclosures.appendEventPatiently({
    controllerId,
    disclosureId,
    type: 'disclosure.hold_extended',
    data: { previousUntil: hold.until, until, reason: body.reason, extendedBy: actor },
    at: now.toISOString(),
    stateChanges: { disclosure: { ...stored.disclosure, hold: { ...hold, until } } },
    // Not released meanwhile, and not extended by someone else since this read.
    guard: 'attribute_not_exists(releasedAt) AND #disclosure.#hold.#until = :previousUntil',
    guardValues: { ':previousUntil': hold.until },
    guardNames: { '#hold': 'hold', '#until': 'until' },
    alsoWrite: holdTimers(controllerId, disclosureId, until, now).map((timer) => deps.timers.armWrite(timer)),
  });
  if (extended) return { outcome: 'extended', until };
  return extendHold(deps, controllerId, disclosureId, body, now, actor);
}
