import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { BREACH_NOTICE_COUNTED } from '../domain/breach/breach-notice';
import { MAX_BREACH_LIST } from '../domain/breach/breach-notice-parts';
import { reasonLines } from '../domain/notice/reason-lines';
import { identifierSchema, singleLine } from './schemas';

extendZodWithOpenApi(z);

/** The subject notices of a high-risk breach (Art. 34): request and answer shapes, for validation, types and OpenAPI. */

/** Words the subject reads, in plain language, line by line: something must be left once control characters are gone. */
const plainWords = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .refine((value) => {
      try {
        return reasonLines(value).length > 0;
      } catch {
        return false;
      }
    }, 'must contain readable text, not only control characters');

/** Art. 34(2): what happened, what it may mean for the subject, what the controller does, what the subject can do. */
export const breachNoticeWordsSchema = z
  .object({
    nature: plainWords(),
    consequences: plainWords(),
    measures: plainWords(),
    advice: plainWords(),
  })
  .strict()
  .openapi('BreachNoticeWords');

export const breachAudienceSchema = z
  .discriminatedUnion('type', [
    /** These subjects, by id (each once). */
    z.object({ type: z.literal('list'), subjectIds: z.array(identifierSchema).min(1).max(MAX_BREACH_LIST) }).strict(),
    /** The subjects whose data categories (PUT .../subjects) hold this one, exactly. */
    z.object({ type: z.literal('category'), category: singleLine(200) }).strict(),
    /** Every subject of the controller. */
    z.object({ type: z.literal('all') }).strict(),
    /** For a breach at a recipient: every subject whose data the ledger shows went there up to the breach (occurredAt, else awareAt). */
    z.object({ type: z.literal('recipient') }).strict(),
  ])
  .openapi('BreachAudience');

export const breachNoticesBodySchema = z
  .object({
    audience: breachAudienceSchema,
    /** The words in each language the controller writes to its subjects in, and none other. */
    words: z.object({ nl: breachNoticeWordsSchema.optional(), en: breachNoticeWordsSchema.optional() }).strict(),
  })
  .strict()
  .openapi('BreachNoticesStart');

/** The audience as the started notices keep it: a list by its size. */
const keptAudienceViewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('list'), subjects: z.number().int() }),
  z.object({ type: z.literal('category'), category: z.string() }),
  z.object({ type: z.literal('all') }),
  z.object({ type: z.literal('recipient') }),
]);

export const breachNoticesStartedViewSchema = z
  .object({
    breachId: z.string(),
    audience: keptAudienceViewSchema,
    languages: z.array(z.string()),
    disclosedUpTo: z.string().optional(),
    partsTotal: z.number().int(),
    startedAt: z.string(),
  })
  .openapi('BreachNoticesStarted');

const countsViewSchema = Object.fromEntries(BREACH_NOTICE_COUNTED.map((field) => [field, z.number().int()])) as Record<
  (typeof BREACH_NOTICE_COUNTED)[number],
  z.ZodNumber
>;

export const breachNoticesViewSchema = breachNoticesStartedViewSchema
  .extend({
    /** `planning` until every part is planned, `sending` while a notice is queued, `completed` after. */
    status: z.enum(['planning', 'sending', 'completed']),
    progress: z.object({ partsTotal: z.number().int(), ...countsViewSchema, pending: z.number().int() }),
    /** Subjects the notices did not reach: failed, suppressed (erased, no address) or bounced. */
    unreachable: z.number().int(),
    /** Art. 34(3)(c): required under the disproportionate-effort exemption; advised while some subjects were not reached. */
    publicCommunication: z.object({
      required: z.boolean(),
      advised: z.boolean(),
      unreachable: z.number().int(),
      recordedAt: z.string().optional(),
    }),
  })
  .openapi('BreachNotices');

export type BreachNoticesView = z.infer<typeof breachNoticesViewSchema>;
export type BreachNoticesStartedView = z.infer<typeof breachNoticesStartedViewSchema>;
