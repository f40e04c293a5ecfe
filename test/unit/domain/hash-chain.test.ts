import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/domain/evidence/canonical-json';
import { GENESIS_HASH, chainEvent, verifyChain, type EvidenceEvent } from '../../../shared/domain/evidence/hash-chain';

/** Builds a correctly linked chain of events for one aggregate. */
function buildChain(aggregateId: string, steps: { type: string; data: Record<string, unknown> }[]): EvidenceEvent[] {
  const events: EvidenceEvent[] = [];
  steps.forEach((step, index) => {
    events.push(
      chainEvent({
        aggregateId,
        seq: index + 1,
        type: step.type,
        at: `2026-11-24T09:0${index}:00Z`,
        data: step.data,
        prevHash: events.at(-1)?.hash ?? GENESIS_HASH,
      }),
    );
  });
  return events;
}

const threeEvents = () =>
  buildChain('disclosure-1', [
    { type: 'disclosure.recorded', data: { purpose: 'merger', partsTotal: 16 } },
    { type: 'disclosure.planned', data: { subjects: 1200 } },
    { type: 'disclosure.notices_settled', data: { subjects: 1200, notified: 1190, failed: 4, suppressed: 6 } },
  ]);

describe('verifyChain', () => {
  it('accepts a chain of three linked events', () => {
    // Prepare
    const events = threeEvents();

    // Act
    const ok = verifyChain(events);

    // Assess
    expect(ok).toBe(true);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(events[2]!.prevHash).toBe(events[1]!.hash);
    expect(new Set(events.map((event) => event.hash)).size).toBe(3);
  });

  it('rejects a chain whose event data was changed after hashing', () => {
    // Prepare
    const events = threeEvents();
    const tampered = events.map((event, index) =>
      index === 1 ? { ...event, data: { ...event.data, subjects: 1 } } : event,
    );

    // Act
    const ok = verifyChain(tampered);

    // Assess
    expect(verifyChain(events)).toBe(true);
    expect(ok).toBe(false);
  });

  it('rejects a changed type or timestamp, not only changed data', () => {
    // Prepare
    const events = threeEvents();
    const retyped = events.map((event, index) => (index === 2 ? { ...event, type: 'disclosure.cancelled' } : event));
    const redated = events.map((event, index) => (index === 0 ? { ...event, at: '2020-01-01T00:00:00Z' } : event));

    // Act
    const results = [verifyChain(retyped), verifyChain(redated)];

    // Assess
    expect(results).toEqual([false, false]);
  });

  it('rejects reordered events, even when their seq numbers are rewritten to match', () => {
    // Prepare
    const [first, second, third] = threeEvents() as [EvidenceEvent, EvidenceEvent, EvidenceEvent];
    const swapped = [first, third, second];
    const renumbered = [first, { ...third, seq: 2 }, { ...second, seq: 3 }];

    // Act
    const results = [verifyChain(swapped), verifyChain(renumbered)];

    // Assess
    expect(results).toEqual([false, false]);
  });

  it('rejects a dropped event', () => {
    // Prepare
    const [first, , third] = threeEvents() as [EvidenceEvent, EvidenceEvent, EvidenceEvent];

    // Act
    const ok = verifyChain([first, { ...third, seq: 2 }]);

    // Assess
    expect(ok).toBe(false);
  });

  it('rejects a wrong prevHash, even when the event is re-hashed over it', () => {
    // Prepare
    const events = threeEvents();
    const { hash: _hash, ...second } = events[1]!;
    const linkedToGenesis = chainEvent({ ...second, prevHash: GENESIS_HASH });
    const editedLink = { ...events[1]!, prevHash: 'f'.repeat(64) };

    // Act
    const results = [
      verifyChain([events[0]!, linkedToGenesis, events[2]!]),
      verifyChain([events[0]!, editedLink, events[2]!]),
    ];

    // Assess
    expect(results).toEqual([false, false]);
  });

  it('rejects a first event that does not start from the genesis hash', () => {
    // Prepare
    const events = threeEvents();
    const { hash: _hash, ...first } = events[0]!;
    const detached = chainEvent({ ...first, prevHash: 'a'.repeat(64) });

    // Act
    const ok = verifyChain([detached]);

    // Assess
    expect(ok).toBe(false);
  });
});

describe('chainEvent', () => {
  it('gives the same hash for the same content written in another key order', () => {
    // Prepare
    const base = { aggregateId: 'd-1', seq: 1, type: 't', at: '2026-01-01T00:00:00Z', prevHash: GENESIS_HASH };

    // Act
    const one = chainEvent({ ...base, data: { a: 1, b: { x: [1, 2], y: 'z' } } });
    const other = chainEvent({ ...base, data: { b: { y: 'z', x: [1, 2] }, a: 1 } });

    // Assess
    expect(one.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(other.hash).toBe(one.hash);
  });

  it('gives another hash for another previous hash', () => {
    // Prepare
    const base = { aggregateId: 'd-1', seq: 2, type: 't', at: '2026-01-01T00:00:00Z', data: { a: 1 } };

    // Act
    const one = chainEvent({ ...base, prevHash: 'a'.repeat(64) });
    const other = chainEvent({ ...base, prevHash: 'b'.repeat(64) });

    // Assess
    expect(other.hash).not.toBe(one.hash);
  });
});

describe('canonicalJson', () => {
  it('is independent of key order, at every depth', () => {
    // Prepare
    const one = { b: 1, a: { d: [{ f: 1, e: 2 }], c: 'x' } };
    const other = { a: { c: 'x', d: [{ e: 2, f: 1 }] }, b: 1 };

    // Act
    const [left, right] = [canonicalJson(one), canonicalJson(other)];

    // Assess
    expect(left).toBe(right);
    expect(JSON.stringify(one)).not.toBe(JSON.stringify(other));
    expect(JSON.parse(left)).toEqual(one);
  });

  it('keeps array order, which is content', () => {
    // Act
    const [one, other] = [canonicalJson({ list: [1, 2] }), canonicalJson({ list: [2, 1] })];

    // Assess
    expect(one).not.toBe(other);
  });

  it('leaves out undefined members, so an absent and an undefined member hash the same', () => {
    // Act
    const [withUndefined, without] = [canonicalJson({ a: 1, b: undefined }), canonicalJson({ a: 1 })];

    // Assess
    expect(withUndefined).toBe(without);
  });

  it('writes valid JSON even for an array with an undefined member', () => {
    // Prepare
    const value = { list: [1, undefined, 2] };

    // Act
    const written = canonicalJson(value);

    // Assess
    expect(() => JSON.parse(written)).not.toThrow();
  });

  it('tells two different Dates apart, as JSON.stringify does', () => {
    // Prepare
    const before = { when: new Date('2026-11-24T09:00:00Z') };
    const after = { when: new Date('2026-11-25T09:00:00Z') };

    // Act
    const [one, other] = [canonicalJson(before), canonicalJson(after)];

    // Assess
    expect(JSON.stringify(before)).not.toBe(JSON.stringify(after));
    expect(one).not.toBe(other);
  });
});
