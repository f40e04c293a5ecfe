import { createHash } from 'node:crypto';

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

/** Canonical JSON (sorted keys), so the same event always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

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
