import { z } from 'zod';
import { LOCALES } from '../domain/locale';

/**
 * Messages between the functions. Each names its unit of work (`workId`), which makes consumers
 * idempotent: a repeated message repeats no email and counts nothing twice.
 */
export const planMessageSchema = z.object({
  controllerId: z.string(),
  disclosureId: z.string(),
  part: z.union([
    // One shard of the controller's whole audience, from a cursor on.
    z.object({ shard: z.number().int().min(0), cursor: z.string().optional() }),
    // A slice of an explicit subject list.
    z.object({ slice: z.number().int().min(0), subjectIds: z.array(z.string()).min(1) }),
  ]),
});
export type PlanMessage = z.infer<typeof planMessageSchema>;

export const NOTIFY_CHUNK_SIZE = 50;

export const notifyMessageSchema = z.object({
  controllerId: z.string(),
  disclosureId: z.string(),
  workId: z.string(),
  /** The audience part the chunk was planned from; its counters are the ones this chunk's notices add to. */
  partKey: z.string(),
  locale: z.enum(LOCALES),
  subjectIds: z
    .array(z.string())
    .min(1)
    .max(NOTIFY_CHUNK_SIZE)
    .refine((ids) => new Set(ids).size === ids.length, 'a subject appears twice in one chunk'),
});
export type NotifyMessage = z.infer<typeof notifyMessageSchema>;

/** Names an audience part: a shard of the whole audience or a slice of a list. Each has its own counters. */
export function planPartKey(part: PlanMessage['part']): string {
  return 'shard' in part ? `shard-${part.shard}` : `slice-${part.slice}`;
}

/** Names one page of a part: the unit of planning work. */
export function planPartId(message: PlanMessage): string {
  const partKey = planPartKey(message.part);
  return 'shard' in message.part ? `plan#${partKey}#${message.part.cursor ?? ''}` : `plan#${partKey}`;
}
