import { describe, expect, it } from 'vitest';
import { ERASURE_STATES, FINAL_ERASURE_STATES, nextErasureState, type ErasureEvent, type ErasureState } from '../../../shared/domain/erasure/erasure-state';

describe('nextErasureState', () => {
  it('walks a request from receipt to completion', () => {
    const path: [ErasureEvent, ErasureState][] = [
      ['verification_sent', 'awaiting_verification'],
      ['verified', 'verified'],
      ['erasure_started', 'in_progress'],
      ['own_data_done', 'awaiting_recipients'],
      ['recipients_settled', 'completed'],
    ];
    let state: ErasureState = 'received';
    for (const [event, expected] of path) {
      state = nextErasureState(state, event)!;
      expect(state).toBe(expected);
    }
  });

  it('takes a confirmation once: a second one, or one after a lapse, changes nothing', () => {
    expect(nextErasureState('verified', 'verified')).toBeUndefined();
    expect(nextErasureState('lapsed', 'verified')).toBeUndefined();
  });

  it('lets an unconfirmed request lapse, and no verified one', () => {
    expect(nextErasureState('awaiting_verification', 'lapsed')).toBe('lapsed');
    expect(nextErasureState('verified', 'lapsed')).toBeUndefined();
  });

  it('allows a rejection (Art. 12(4)) only before erasure has begun', () => {
    for (const state of ['received', 'awaiting_verification', 'verified'] as const) expect(nextErasureState(state, 'rejected')).toBe('rejected');
    for (const state of ['in_progress', 'awaiting_recipients', 'completed'] as const) expect(nextErasureState(state, 'rejected')).toBeUndefined();
  });

  it('never leaves a final state', () => {
    for (const state of FINAL_ERASURE_STATES) {
      for (const event of ['verification_sent', 'verified', 'lapsed', 'rejected', 'erasure_started', 'own_data_done', 'recipients_settled'] as const) {
        expect(nextErasureState(state, event)).toBeUndefined();
      }
    }
    expect(ERASURE_STATES.filter((state) => !FINAL_ERASURE_STATES.includes(state))).toHaveLength(5);
  });
});
