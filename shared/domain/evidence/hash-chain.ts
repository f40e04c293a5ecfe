import { createHash } from 'node:crypto';
import { canonicalJson as canonical } from './canonical-json';

/** An immutable evidence event, hash-chained to the previous event of the same aggregate. */
export interface EvidenceEvent {
  aggregateId: string;
  seq: number;
  type: string;
  at: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function chainEvent(event: Omit<EvidenceEvent, 'hash'>): EvidenceEvent {
  const hash = createHash('sha256').update(event.prevHash).update(canonical({ ...event, prevHash: undefined })).digest('hex');
  return { ...event, hash };
}

/** True when every event links to the one before it and its hash matches its content. */
export function verifyChain(events: readonly EvidenceEvent[]): boolean {
  let prevHash = GENESIS_HASH;
  return events.every((event, index) => {
    const { hash, ...rest } = event;
    const ok = event.seq === index + 1 && event.prevHash === prevHash && chainEvent(rest).hash === hash;
    prevHash = hash;
    return ok;
  });
}
