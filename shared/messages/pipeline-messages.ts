import { z } from 'zod';
import { ERASURE_LEGAL_ALERTS } from '../domain/erasure/legal-alerts';
import { LOCALES } from '../domain/locale';

/**
 * Messages between the functions. Each names its unit of work (`workId`), which makes consumers
 * idempotent: a repeated message repeats no email and counts nothing twice.
 */
/**
 * What planning a part does: `notify` writes ledger entries (and queues notices for mode `after`);
 * `intent` writes intent entries and queues intent notices (mode `before`); `execute` turns the intent
 * pages into ledger entries for subjects who did not object; `release` lets held notices go.
 */
export const PLAN_PHASES = ['notify', 'intent', 'execute', 'release'] as const;
export type PlanPhase = (typeof PLAN_PHASES)[number];

export const planMessageSchema = z.object({
  controllerId: z.string(),
  disclosureId: z.string(),
  phase: z.enum(PLAN_PHASES).default('notify'),
  part: z.union([
    // One shard of the controller's whole audience, from a cursor on.
    z.object({ shard: z.number().int().min(0), cursor: z.string().optional() }),
    // A slice of an explicit subject list.
    z.object({ slice: z.number().int().min(0), subjectIds: z.array(z.string()).min(1) }),
  ]),
});
export type PlanMessage = z.infer<typeof planMessageSchema>;

export const NOTIFY_CHUNK_SIZE = 50;

/** The subjects of one chunk of notices: one `SendBulkEmail` at most, each subject once. */
const chunkSubjectIds = z
  .array(z.string())
  .min(1)
  .max(NOTIFY_CHUNK_SIZE)
  .refine((ids) => new Set(ids).size === ids.length, 'a subject appears twice in one chunk');

/** A chunk of subject notices of one disclosure: its notice, or (mode `before`) the intent notice. */
export const noticeChunkSchema = z.object({
  type: z.literal('notice-chunk').default('notice-chunk'),
  track: z.enum(['ledger', 'intent']).default('ledger'),
  controllerId: z.string(),
  disclosureId: z.string(),
  workId: z.string(),
  /** The audience part the chunk was planned from; its counters are the ones this chunk's notices add to. */
  partKey: z.string(),
  locale: z.enum(LOCALES),
  subjectIds: chunkSubjectIds,
});
export type NoticeChunk = z.infer<typeof noticeChunkSchema>;

/** Confirms to a subject that their objection was recorded. */
export const objectionConfirmationSchema = z.object({
  type: z.literal('objection-confirmation'),
  controllerId: z.string(),
  disclosureId: z.string(),
  workId: z.string(),
  subjectId: z.string(),
});
export type ObjectionConfirmation = z.infer<typeof objectionConfirmationSchema>;

/** Reminds the legal team that a hold ends soon. */
export const holdReminderSchema = z.object({
  type: z.literal('hold-reminder'),
  controllerId: z.string(),
  disclosureId: z.string(),
  workId: z.string(),
  daysLeft: z.union([z.literal(7), z.literal(1)]),
  until: z.string(),
});
export type HoldReminder = z.infer<typeof holdReminderSchema>;

/** Asks the subject of an erasure request to confirm it through the address they registered. */
export const erasureVerificationSchema = z.object({
  type: z.literal('erasure-verification'),
  controllerId: z.string(),
  erasureId: z.string(),
  workId: z.string(),
});
export type ErasureVerification = z.infer<typeof erasureVerificationSchema>;

/** Tells the subject of an erasure request that its deadline was extended, and why. */
export const erasureExtensionSchema = z.object({
  type: z.literal('erasure-extension'),
  controllerId: z.string(),
  erasureId: z.string(),
  workId: z.string(),
  /** The due date the extension set: the notice is for that extension only. */
  dueDate: z.string(),
});
export type ErasureExtensionNotice = z.infer<typeof erasureExtensionSchema>;

/** Tells the subject their erasure request is done: what was erased, what is kept and why, which recipients were told. */
export const erasureCompletionSchema = z.object({
  type: z.literal('erasure-completion'),
  controllerId: z.string(),
  erasureId: z.string(),
  workId: z.string(),
});
export type ErasureCompletion = z.infer<typeof erasureCompletionSchema>;

/** Carries out a verified erasure request the legal team started: the subject's own data, then its recipients. */
export const erasureExecutionSchema = z.object({
  type: z.literal('erasure-execution'),
  controllerId: z.string(),
  erasureId: z.string(),
  workId: z.string(),
});
export type ErasureExecution = z.infer<typeof erasureExecutionSchema>;

/** Asks one recipient of the subject's data to erase it (Art. 19): the first notice, or the reminder after 7 silent days. */
export const erasureRecipientNoticeSchema = z.object({
  type: z.literal('erasure-recipient-notice'),
  controllerId: z.string(),
  erasureId: z.string(),
  recipientId: z.string(),
  step: z.enum(['notice', 'reminder']),
  workId: z.string(),
});
export type ErasureRecipientNotice = z.infer<typeof erasureRecipientNoticeSchema>;

/**
 * Calls a recipient's webhook about an erasure request (Art. 19): the first notice or the reminder. It names
 * the recipient only; the webhook function reads what to send, so no personal data waits in the queue.
 */
export const webhookCallSchema = z.object({
  type: z.literal('erasure-webhook'),
  controllerId: z.string(),
  erasureId: z.string(),
  recipientId: z.string(),
  step: z.enum(['notice', 'reminder']),
  workId: z.string(),
});
export type WebhookCall = z.infer<typeof webhookCallSchema>;

/**
 * An erasure request typed on the controller's website: the hash of the address (its lookup key), never the
 * address. The sender makes a request of it only when a subject is registered at that address.
 */
export const publicErasureRequestSchema = z.object({
  type: z.literal('public-erasure-request'),
  controllerId: z.string(),
  emailLookup: z.string(),
  /** When the website's request arrived: the Art. 12(3) month runs from here. */
  receivedAt: z.string(),
  workId: z.string(),
});
export type PublicErasureRequest = z.infer<typeof publicErasureRequestSchema>;

/** Tells the subject of an erasure request that it was refused, why, and where they can turn (Art. 12(4)). */
export const erasureRejectionSchema = z.object({
  type: z.literal('erasure-rejection'),
  controllerId: z.string(),
  erasureId: z.string(),
  workId: z.string(),
});
export type ErasureRejectionNotice = z.infer<typeof erasureRejectionSchema>;

/** Reminds the subject, once, to confirm an erasure request through a fresh link that expires when the first one does. */
export const erasureVerificationReminderSchema = z.object({
  type: z.literal('erasure-verification-reminder'),
  controllerId: z.string(),
  erasureId: z.string(),
  workId: z.string(),
});
export type ErasureVerificationReminder = z.infer<typeof erasureVerificationReminderSchema>;

/** Alerts the legal team to an erasure request: its due date is near or passed, or a recipient stayed silent. */
export const erasureLegalAlertSchema = z.object({
  type: z.literal('erasure-legal-alert'),
  controllerId: z.string(),
  erasureId: z.string(),
  workId: z.string(),
  alert: z.enum(ERASURE_LEGAL_ALERTS),
  /** The due date the alert is about: one since moved by an extension drops a reminder. */
  dueDate: z.string(),
  /** With `recipient-escalated`: the recipient that did not answer, and its name (a company's, not a person's). */
  recipientId: z.string().optional(),
  recipientName: z.string().optional(),
});
export type ErasureLegalAlert = z.infer<typeof erasureLegalAlertSchema>;

/**
 * Plans one page of a breach's subject notices (Art. 34): a shard of the whole audience (all subjects, or those
 * holding a data category), a slice of an explicit list, or a page of the breached recipient's ledger entries.
 */
export const breachPlanMessageSchema = z.object({
  type: z.literal('breach-plan'),
  controllerId: z.string(),
  breachId: z.string(),
  part: z.union([
    z.object({ shard: z.number().int().min(0), cursor: z.string().optional() }),
    z.object({ slice: z.number().int().min(0), subjectIds: z.array(z.string()).min(1) }),
    // The `byRecipient` index of the breached recipient, from a cursor on.
    z.object({ recipient: z.literal(true), cursor: z.string().optional() }),
  ]),
});
export type BreachPlanMessage = z.infer<typeof breachPlanMessageSchema>;

/** What the plan queue carries: a disclosure's plan (no `type`, as before breaches existed) or a breach's. */
export const planQueueMessageSchema = z.union([breachPlanMessageSchema, planMessageSchema]);
export type PlanQueueMessage = z.infer<typeof planQueueMessageSchema>;

/** A chunk of one breach's subject notices, of one locale (Art. 34). */
export const breachNoticeChunkSchema = z.object({
  type: z.literal('breach-notice-chunk'),
  controllerId: z.string(),
  breachId: z.string(),
  workId: z.string(),
  /** The audience part the chunk was planned from; its counters are the ones this chunk's notices add to. */
  partKey: z.string(),
  locale: z.enum(LOCALES),
  subjectIds: chunkSubjectIds,
});
export type BreachNoticeChunk = z.infer<typeof breachNoticeChunkSchema>;

/**
 * Mails the drafted authority filing (Art. 33(3)) to the DPO and the controller's privacy address: after an
 * assessment that needs a filing, and again after each filing recorded (the draft of the next supplement).
 */
export const breachFilingDraftSchema = z.object({
  type: z.literal('breach-filing-draft'),
  controllerId: z.string(),
  breachId: z.string(),
  workId: z.string(),
});
export type BreachFilingDraftMail = z.infer<typeof breachFilingDraftSchema>;

/** Reminds the DPO that no filing is recorded yet, `hoursSinceAware` into the 72 hours (72: they have passed). */
export const breachFilingReminderSchema = z.object({
  type: z.literal('breach-filing-reminder'),
  controllerId: z.string(),
  breachId: z.string(),
  workId: z.string(),
  hoursSinceAware: z.union([z.literal(24), z.literal(48), z.literal(60), z.literal(70), z.literal(72)]),
});
export type BreachFilingReminder = z.infer<typeof breachFilingReminderSchema>;

/** Everything the sender sends; each names its unit of work, so a repeated message sends nothing twice. */
export const notifyMessageSchema = z.union([
  noticeChunkSchema,
  objectionConfirmationSchema,
  holdReminderSchema,
  erasureVerificationSchema,
  erasureExtensionSchema,
  erasureExecutionSchema,
  erasureRecipientNoticeSchema,
  erasureCompletionSchema,
  erasureVerificationReminderSchema,
  erasureLegalAlertSchema,
  publicErasureRequestSchema,
  erasureRejectionSchema,
  breachNoticeChunkSchema,
  breachFilingDraftSchema,
  breachFilingReminderSchema,
]);
export type NotifyMessage = z.infer<typeof notifyMessageSchema>;

/** Names an audience part: a shard of the whole audience or a slice of a list. Each has its own counters. */
export function planPartKey(part: PlanMessage['part']): string {
  return 'shard' in part ? `shard-${part.shard}` : `slice-${part.slice}`;
}

const PHASE_PREFIX: Readonly<Record<PlanPhase, string>> = { notify: 'plan', intent: 'intent', execute: 'execute', release: 'release' };

/** Names one page of a part in one phase: the unit of planning work. */
export function planPartId(message: Pick<PlanMessage, 'part'> & { phase?: PlanPhase }): string {
  const partKey = planPartKey(message.part);
  const prefix = PHASE_PREFIX[message.phase ?? 'notify'];
  return 'shard' in message.part ? `${prefix}#${partKey}#${message.part.cursor ?? ''}` : `${prefix}#${partKey}`;
}

/** The phase whose pinned pages a phase walks: execution walks the intent pages, release the held ones. */
export function pagesPhase(phase: PlanPhase): PlanPhase {
  if (phase === 'execute') return 'intent';
  if (phase === 'release') return 'notify';
  return phase;
}
