import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { isValid as isValidCountry } from 'i18n-iso-countries';
import { z } from 'zod';
import { DISCLOSURE_KINDS, EXCLUSION_REASONS, LEGAL_BASES, NOTICE_MODES, RECIPIENT_KINDS, TRANSFER_MECHANISMS } from '../domain/disclosure/disclosure';
import { LOCALES } from '../domain/locale';
import { NOTICE_STATUSES } from '../domain/disclosure/notice';
import { ERASURE_CHANNELS } from '../domain/erasure/erasure-request';
import { ERASURE_STATES } from '../domain/erasure/erasure-state';
import { ANSWER_CHANNELS, RECIPIENT_ANSWERS } from '../domain/erasure/erasure-recipient';
import { HOLD_GROUNDS, RETENTION_REASONS } from '../domain/erasure/retention';
import { WEBHOOK_SCHEME } from '../domain/webhooks/standard-webhook';
import { REJECTION_GROUNDS } from '../domain/erasure/erasure-rejection';
import { DISCLOSURE_STATUSES } from '../domain/disclosure/disclosure-status';
import { reasonLines } from '../domain/notice/reason-lines';

extendZodWithOpenApi(z);

/** The request and response shapes of the v1 API: one source for validation, types and the OpenAPI document. */

// A single line: values that may end up in a mail header or a log line carry no control characters.
export const singleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !/[\u0000-\u001f\u007f-\u009f]/.test(value), 'must be a single line without control characters');

/** Text the subject reads, line by line: it must say something once control characters are taken out. */
const readableReason = (min: number, tooShort: string) =>
  z
    .string()
    .trim()
    .min(min, tooShort)
    .max(2000)
    .refine((value) => {
      // Too short is reported by `min` alone.
      if (value.length < min) return true;
      try {
        return reasonLines(value).join('').trim().length > 0;
      } catch {
        return false;
      }
    }, 'must contain readable text, not only control characters');

export const identifierSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'letters, digits and . _ : - only, at most 128 characters');

export const subjectBodySchema = z
  .object({
    email: z.email().max(254),
    locale: z.enum(LOCALES),
    name: singleLine(200).optional(),
    /**
     * The categories of data the controller holds on the subject, in its own words (as a breach report names
     * them): a breach's `category` audience reaches the subjects whose list holds that category exactly.
     * Absent or empty: none, and an earlier list is removed.
     */
    dataCategories: z
      .array(singleLine(200))
      .max(50)
      .refine((categories) => new Set(categories).size === categories.length, 'names a category more than once')
      .optional(),
  })
  .strict()
  .openapi('SubjectUpsert');

export const subjectBatchBodySchema = z
  .object({
    subjects: z
      .array(subjectBodySchema.extend({ subjectId: identifierSchema.refine((id) => id !== 'batch', "'batch' is reserved") }).strict())
      .min(1)
      .max(1000)
      .superRefine((subjects, context) => {
        const seen = new Set<string>();
        subjects.forEach((subject, index) => {
          if (seen.has(subject.subjectId)) {
            context.addIssue({ code: 'custom', path: [index, 'subjectId'], message: 'appears more than once in this batch' });
          }
          seen.add(subject.subjectId);
        });
      }),
  })
  .strict()
  .openapi('SubjectBatch');

export const recipientBodySchema = z
  .object({
    name: singleLine(200),
    kind: z.enum(RECIPIENT_KINDS),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. NL')
      .refine((code) => isValidCountry(code), 'not an ISO 3166-1 alpha-2 country code'),
    contactEmail: z.email().max(254).optional(),
    // https: the API refuses plain http unless the deployment allows it (the local runtime), see putRecipient.
    webhookUrl: z.url({ protocol: /^https?$/ }).max(2048).optional(),
    /** The language erasure notices are written to it in; the controller's default when not given. */
    locale: z.enum(LOCALES).optional(),
  })
  .strict()
  .openapi('RecipientUpsert');

export const audienceSchema = z
  .union([
    z.object({ subjectIds: z.array(identifierSchema).min(1).max(1000) }).strict(),
    z.object({ all: z.literal(true) }).strict(),
  ])
  .openapi('Audience');

export const instant = () => z.iso.datetime({ offset: true });

export const holdSchema = z
  .object({
    until: instant(),
    reason: singleLine(500),
    orderReference: singleLine(200),
  })
  .strict()
  .openapi('Hold');

export const overrideSchema = z
  .object({
    reason: z.string().trim().min(10, 'say why, in at least 10 characters').max(2000),
    approvedBy: singleLine(200),
  })
  .strict()
  .openapi('PolicyOverride');

export const disclosureBodySchema = z
  .object({
    kind: z.enum(DISCLOSURE_KINDS),
    recipientId: identifierSchema,
    legalBasis: z.enum(LEGAL_BASES),
    purpose: z.string().trim().min(1).max(2000),
    dataCategories: z.array(singleLine(200)).min(1).max(50),
    audience: audienceSchema,
    occurredAt: instant().optional(),
    /** A transfer announced before it happens (notice mode `before`): when it is to happen. */
    plannedAt: instant().optional(),
    /** A non-disclosure order: subjects are told when it ends. */
    hold: holdSchema.optional(),
    transferMechanism: z.enum(TRANSFER_MECHANISMS).optional(),
    /** The recipient will use the data for its own marketing. */
    thirdPartyMarketing: z.boolean().optional(),
    /** Records a disclosure the policy does not allow, as an exception (scope `disclosures:override`). */
    override: overrideSchema.optional(),
    reference: singleLine(200).optional(),
  })
  .strict()
  .openapi('DisclosureCreate');

export const holdExtensionBodySchema = z
  .object({
    until: instant(),
    reason: singleLine(500),
  })
  .strict()
  .openapi('HoldExtension');

export const preferencesBodySchema = z
  .object({
    /** Kinds of sharing the subject approved beforehand (ETSoft: service providers, business partners). */
    consentTo: z.array(z.enum(DISCLOSURE_KINDS)).max(DISCLOSURE_KINDS.length),
    /** Kinds of sharing the subject asked the controller to stop. */
    stopSharing: z.array(z.enum(DISCLOSURE_KINDS)).max(DISCLOSURE_KINDS.length),
  })
  .strict()
  .openapi('SharingPreferences');

export const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'printable ASCII, at most 200 characters');

export const noticeStatusSchema = z.enum(NOTICE_STATUSES);

const recipientSnapshotSchema = z.object({
  recipientId: z.string(),
  name: z.string(),
  kind: z.enum(RECIPIENT_KINDS),
  country: z.string(),
});

export const disclosureViewSchema = z
  .object({
    disclosureId: z.string(),
    controllerId: z.string(),
    kind: z.enum(DISCLOSURE_KINDS),
    recipient: recipientSnapshotSchema,
    legalBasis: z.enum(LEGAL_BASES),
    purpose: z.string(),
    dataCategories: z.array(z.string()),
    occurredAt: z.string(),
    recordedAt: z.string(),
    reference: z.string().optional(),
    noticeMode: z.enum(NOTICE_MODES),
    plannedAt: z.string().optional(),
    intentAt: z.string().optional(),
    hold: holdSchema.optional(),
    transferMechanism: z.enum(TRANSFER_MECHANISMS).optional(),
    thirdPartyMarketing: z.boolean().optional(),
    requiresPriorConsent: z.boolean().optional(),
    honoursOptOut: z.boolean().optional(),
    exception: z.object({ reason: z.string(), approvedBy: z.string(), rules: z.array(z.string()) }).optional(),
    status: z.enum(DISCLOSURE_STATUSES),
    counts: z.object({
      subjects: z.number().int(),
      notified: z.number().int(),
      failed: z.number().int(),
      suppressed: z.number().int(),
      /** Recorded in the ledger without a notice, because the policy promises none. */
      notRequired: z.number().int(),
      excluded: z.object(Object.fromEntries(EXCLUSION_REASONS.map((reason) => [reason, z.number().int()])) as Record<(typeof EXCLUSION_REASONS)[number], z.ZodNumber>),
    }),
    /** `before` only: the intent notices. */
    intent: z
      .object({ subjects: z.number().int(), notified: z.number().int(), failed: z.number().int(), suppressed: z.number().int() })
      .optional(),
    /** `before` only: subjects who objected, left out of the transfer. */
    objectors: z.array(z.object({ subjectId: z.string(), objectedAt: z.string() })).optional(),
  })
  .openapi('Disclosure');

export const violationSchema = z.object({ rule: z.string(), message: z.string(), source: z.string() }).openapi('RuleViolation');

export const subjectDisclosureSchema = z
  .object({
    disclosureId: z.string(),
    kind: z.enum(DISCLOSURE_KINDS),
    recipient: recipientSnapshotSchema.omit({ recipientId: true }),
    legalBasis: z.enum(LEGAL_BASES),
    purpose: z.string(),
    dataCategories: z.array(z.string()),
    disclosedAt: z.string(),
    notice: z.object({ status: noticeStatusSchema }),
  })
  .openapi('SubjectDisclosure');

export const erasureIntakeBodySchema = z
  .object({
    subjectId: identifierSchema,
    /** When the request reached the controller; the Art. 12(3) month runs from here. */
    receivedAt: instant(),
    channel: z.enum(ERASURE_CHANNELS),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .openapi('ErasureIntake');

export const erasureExtensionBodySchema = z
  .object({
    /** Why the request needs longer (its complexity, the number of requests); the subject reads it. */
    reason: readableReason(10, 'say why, in at least 10 characters'),
    months: z.union([z.literal(1), z.literal(2)]),
  })
  .strict()
  .openapi('ErasureExtension');

export const erasureRejectionBodySchema = z
  .object({
    /** Art. 12(2) and 12(5), or an exception of Art. 17(3); the subject reads it in plain words. */
    ground: z.enum(REJECTION_GROUNDS),
    /** The legal team's explanation; the subject reads it: name no one else in it. */
    reason: readableReason(1, 'say why'),
  })
  .strict()
  .openapi('ErasureRejection');

/** A calendar day `YYYY-MM-DD` that exists (no 30 February). */
const calendarDay = () =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a calendar day YYYY-MM-DD')
    .refine((day) => {
      const date = new Date(`${day}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
    }, 'not a calendar day');

/** Each category at most once in a list. */
const uniqueCategories = (items: readonly { category: string }[], context: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach(({ category }, index) => {
    if (seen.has(category)) context.addIssue({ code: 'custom', path: [index, 'category'], message: 'appears more than once' });
    seen.add(category);
  });
};

export const erasureExecutionBodySchema = z
  .object({
    /** When the period of one of the profile's retention rules started for this subject (an invoice date, the end of a contract). */
    retentionStarts: z
      .array(z.object({ category: singleLine(200), from: calendarDay() }).strict())
      .max(50)
      .superRefine(uniqueCategories)
      .optional(),
    /** Data a legal hold or an open dispute keeps beyond the profile's rules; the subject reads the detail. */
    holds: z
      .array(
        z
          .object({
            category: singleLine(200),
            ground: z.enum(HOLD_GROUNDS),
            detail: z.string().trim().min(1).max(2000),
            until: calendarDay().optional(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
  })
  .strict()
  .openapi('ErasureExecution');

const retainedCategorySchema = z
  .object({
    category: z.string(),
    /** A policy category in each language, as the subject's completion email names it. */
    label: z.object({ nl: z.string(), en: z.string() }).optional(),
    reason: z.enum(RETENTION_REASONS),
    rule: z.object({ period: z.string(), from: z.string(), source: z.string() }).optional(),
    startsOn: z.string().optional(),
    detail: z.string().optional(),
    /** Once the request completed: the detail's hash (the detail itself left the request). */
    detailSha256: z.string().optional(),
    /** The day it may go; absent for a statutory period, a dispute until settled, or a hold with no known end. */
    until: z.string().optional(),
  })
  .openapi('RetainedCategory');

const erasureRecipientViewSchema = z
  .object({
    recipientId: z.string(),
    name: z.string(),
    kind: z.enum(RECIPIENT_KINDS),
    notifiedAt: z.string().optional(),
    remindedAt: z.string().optional(),
    /** When its webhook took the notice (a 2xx), and the reminder: a call only queued told nobody yet. */
    notifiedByWebhookAt: z.string().optional(),
    remindedByWebhookAt: z.string().optional(),
    escalatedAt: z.string().optional(),
    answer: z
      .object({
        status: z.enum(RECIPIENT_ANSWERS),
        /** The recipient's words, until the subject was told them at completion; their hash afterwards. */
        reason: z.string().optional(),
        reasonSha256: z.string().optional(),
        answeredAt: z.string(),
        via: z.enum(ANSWER_CHANNELS),
      })
      .optional(),
  })
  .openapi('ErasureRecipient');

/** An erasure request typed on the controller's website: the address the subject registered. */
export const publicErasureBodySchema = z
  .object({ email: z.string().trim().max(254).pipe(z.email()) })
  .strict()
  .openapi('PublicErasureRequest');

/** A recipient's answer to an erasure notice, through the callback URL of its webhook call. */
export const recipientAnswerBodySchema = z
  .object({
    status: z.enum(RECIPIENT_ANSWERS),
    /** Why the recipient refuses: required with `refused`; a note otherwise. */
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .refine((answer) => answer.status !== 'refused' || answer.reason !== undefined, { path: ['reason'], message: 'required when the answer is refused' })
  .openapi('RecipientAnswer');

export const webhookSecretViewSchema = z
  .object({
    /** `whsec_<base64>`: the key the recipient verifies our webhook calls with. */
    secret: z.string(),
    scheme: z.literal(WEBHOOK_SCHEME),
  })
  .openapi('WebhookSecret');

export const erasureViewSchema = z
  .object({
    erasureId: z.string(),
    controllerId: z.string(),
    subjectId: z.string(),
    receivedAt: z.string(),
    channel: z.enum(ERASURE_CHANNELS),
    note: z.string().optional(),
    recordedAt: z.string(),
    state: z.enum(ERASURE_STATES),
    /** The due date now; `firstDueDate` before any extension. */
    dueDate: z.string(),
    firstDueDate: z.string(),
    extendedMonths: z.number().int(),
    /** Each extension with the reason the subject was told (the evidence keeps a hash of it). */
    extensions: z.array(
      z.object({ dueDate: z.string(), months: z.number().int(), reason: z.string().optional(), reasonSha256: z.string().optional(), extendedAt: z.string() }),
    ),
    verificationExpiresAt: z.string().optional(),
    /** When the sweeper found the request past its due date and not closed; absent while it is in time. */
    overdueAt: z.string().optional(),
    /** Why the request was refused (Art. 12(4)), once it was. */
    rejection: z.object({ ground: z.enum(REJECTION_GROUNDS), reason: z.string(), rejectedAt: z.string() }).optional(),
    /** From execution on: what is kept, per category, with the rule that keeps it and the day it may go. */
    retained: z.array(retainedCategorySchema).optional(),
    /** Every recipient told of the request (Art. 19): when, and what it answered. */
    recipients: z.array(erasureRecipientViewSchema),
    evidence: z.object({
      chainIntact: z.boolean(),
      events: z.array(z.object({ seq: z.number().int(), type: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()), hash: z.string() })),
    }),
  })
  .openapi('Erasure');

export const subjectDisclosuresQuerySchema = z
  .object({
    /** Also list disclosures whose notice is held by a non-disclosure order; for the legal team only. */
    includeHeld: z.enum(['true', 'false']).optional().transform((value) => value === 'true'),
  })
  .strict();

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    violations: z.array(violationSchema).optional(),
  })
  .openapi('Problem');

export type SubjectBody = z.infer<typeof subjectBodySchema>;
export type RecipientBody = z.infer<typeof recipientBodySchema>;
export type RecipientAnswerBody = z.infer<typeof recipientAnswerBodySchema>;
export type WebhookSecretView = z.infer<typeof webhookSecretViewSchema>;
export type DisclosureBody = z.infer<typeof disclosureBodySchema>;
export type HoldExtensionBody = z.infer<typeof holdExtensionBodySchema>;
export type PreferencesBody = z.infer<typeof preferencesBodySchema>;
export type ErasureIntakeBody = z.infer<typeof erasureIntakeBodySchema>;
export type ErasureExecutionBody = z.infer<typeof erasureExecutionBodySchema>;
export type ErasureView = z.infer<typeof erasureViewSchema>;
export type DisclosureView = z.infer<typeof disclosureViewSchema>;
export type SubjectDisclosure = z.infer<typeof subjectDisclosureSchema>;
