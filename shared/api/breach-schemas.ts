import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { BREACH_NATURES, BREACH_RISKS, FILING_PHASES, NOTICE_EXEMPTIONS } from '../domain/breach/breach';
import { BREACH_OBLIGATIONS } from '../domain/breach/breach-obligations';
import { identifierSchema, instant, singleLine } from './schemas';

extendZodWithOpenApi(z);

/** The breach register's request and response shapes (Art. 33, 34): one source for validation, types and the OpenAPI document. */

/** Free text the legal team writes (a description, a reasoning): kept on the breach, hashed in its evidence. */
const text = () => z.string().trim().min(1).max(5000);

/** Each value at most once in a list. */
const unique = <T extends string>(values: readonly T[], context: z.RefinementCtx) => {
  values.forEach((value, index) => {
    if (values.indexOf(value) !== index) context.addIssue({ code: 'custom', path: [index], message: 'appears more than once' });
  });
};

const sourceSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('internal') }).strict(),
    /** A breach at a recipient the controller disclosed data to (a processor, a buyer): one recorded with PUT .../recipients. */
    z.object({ type: z.literal('recipient'), recipientId: identifierSchema }).strict(),
  ])
  .openapi('BreachSource');

export const breachBodySchema = z
  .object({
    /** When the controller became aware of the breach: the 72 hours of Art. 33(1) run from here. */
    awareAt: instant(),
    /** When the breach happened, if known; for a breach at a recipient, disclosures up to here count. */
    occurredAt: instant().optional(),
    description: text(),
    nature: z.array(z.enum(BREACH_NATURES)).min(1).superRefine(unique),
    dataCategories: z.array(singleLine(200)).min(1).max(50),
    /** Art. 9 and 10 data (health, criminal records...), which weigh in the risk. */
    specialCategories: z.array(singleLine(200)).max(50).optional(),
    approxSubjects: z.number().int().min(0),
    approxRecords: z.number().int().min(0),
    likelyConsequences: text(),
    measuresTaken: text(),
    measuresProposed: text(),
    source: sourceSchema,
  })
  .strict()
  .openapi('BreachReport');

export const breachAssessmentBodySchema = z
  .object({
    risk: z.enum(BREACH_RISKS),
    reasoning: text(),
    /** Who assessed: a role or a name, as the legal team records it. */
    assessedBy: singleLine(200),
    /** With risk `high` only: why the subjects are not told (Art. 34(3)); `disproportionate_effort` needs a public communication. */
    exemption: z.object({ ground: z.enum(NOTICE_EXEMPTIONS), reasoning: text() }).strict().optional(),
  })
  .strict()
  .refine((assessment) => assessment.exemption === undefined || assessment.risk === 'high', {
    path: ['exemption'],
    message: 'an exemption from telling the subjects (GDPR Art. 34(3)) goes only with risk high',
  })
  .openapi('BreachAssessment');

export const breachFilingBodySchema = z
  .object({
    phase: z.enum(FILING_PHASES),
    /** When the filing was made on the authority's form. */
    filedAt: instant(),
    filedBy: singleLine(200),
    /** The authority's case or receipt number. */
    reference: singleLine(200),
    /** The authority filed with; the controller's lead authority when absent. */
    authorityCountry: z.enum(['NL', 'BE']).optional(),
    /** Required when the first filing comes after the 72 hours (Art. 33(1)). */
    delayReasons: text().optional(),
  })
  .strict()
  .openapi('BreachFiling');

export const publicCommunicationBodySchema = z
  .object({
    publishedAt: instant(),
    /** Where it was published: the website, a newspaper, a press release. */
    channel: singleLine(200),
    url: z.url({ protocol: /^https?$/ }).max(2048).optional(),
  })
  .strict()
  .openapi('PublicCommunication');

export const breachesQuerySchema = z
  .object({
    /** Only breaches with an obligation outstanding (assessment, filing, notices, public communication). */
    open: z
      .enum(['true', 'false'])
      .optional()
      .transform((value) => value === 'true'),
  })
  .strict();

const actorSchema = z.object({ clientId: z.string().optional(), sub: z.string().optional() });

const assessmentViewSchema = z.object({
  risk: z.enum(BREACH_RISKS),
  reasoning: z.string(),
  assessedBy: z.string(),
  exemption: z.object({ ground: z.enum(NOTICE_EXEMPTIONS), reasoning: z.string() }).optional(),
  assessedAt: z.string(),
  recordedBy: actorSchema,
});

const filingViewSchema = z.object({
  filingId: z.string(),
  phase: z.enum(FILING_PHASES),
  filedAt: z.string(),
  filedBy: z.string(),
  reference: z.string(),
  authorityCountry: z.string(),
  delayReasons: z.string().optional(),
  recordedAt: z.string(),
  recordedBy: actorSchema,
});

const publicCommunicationViewSchema = z.object({
  publishedAt: z.string(),
  channel: z.string(),
  url: z.string().optional(),
  recordedAt: z.string(),
  recordedBy: actorSchema,
});

const obligationsViewSchema = z.object({
  needed: z.array(z.enum(BREACH_OBLIGATIONS)),
  outstanding: z.array(z.enum(BREACH_OBLIGATIONS)),
  open: z.boolean(),
});

/** The 72-hour clock as the API's clock reads it; `hoursLeft` is null once a filing is recorded or none is needed. */
const clockViewSchema = {
  deadline: z.string(),
  hoursLeft: z.number().nullable(),
};

export const breachRegisteredViewSchema = z.object({ breachId: z.string(), awareAt: z.string(), ...clockViewSchema }).openapi('BreachRegistered');

export const breachSummaryViewSchema = z
  .object({
    breachId: z.string(),
    awareAt: z.string(),
    ...clockViewSchema,
    /** The latest assessment's risk; null until assessed. */
    risk: z.enum(BREACH_RISKS).nullable(),
    filed: z.boolean(),
    /** Minutes the first filing came after the 72 hours, frozen when recorded. */
    lateByMinutes: z.number().int().optional(),
    outstanding: z.array(z.enum(BREACH_OBLIGATIONS)),
    open: z.boolean(),
    closedAt: z.string().optional(),
  })
  .openapi('BreachSummary');

export const breachViewSchema = z
  .object({
    breachId: z.string(),
    controllerId: z.string(),
    report: breachBodySchema.extend({ awareAt: z.string(), occurredAt: z.string().optional(), recordedAt: z.string(), recordedBy: actorSchema }),
    ...clockViewSchema,
    assessment: assessmentViewSchema.optional(),
    filings: z.array(filingViewSchema),
    lateByMinutes: z.number().int().optional(),
    obligations: obligationsViewSchema,
    /** The subject notices once started: who, in which languages, how many parts; counts at GET .../notices. */
    notices: z
      .object({
        audience: z.record(z.string(), z.unknown()),
        languages: z.array(z.string()),
        disclosedUpTo: z.string().optional(),
        partsTotal: z.number().int(),
        startedAt: z.string(),
      })
      .optional(),
    publicCommunication: publicCommunicationViewSchema.optional(),
    closedAt: z.string().optional(),
    evidence: z.object({
      chainIntact: z.boolean(),
      events: z.array(z.object({ seq: z.number().int(), type: z.string(), at: z.string(), data: z.record(z.string(), z.unknown()), hash: z.string() })),
    }),
  })
  .openapi('Breach');

export const breachAssessedViewSchema = z
  .object({ breachId: z.string(), assessment: assessmentViewSchema, obligations: obligationsViewSchema, closedAt: z.string().optional() })
  .openapi('BreachAssessed');

export const breachFiledViewSchema = z
  .object({ breachId: z.string(), filing: filingViewSchema, lateByMinutes: z.number().int(), obligations: obligationsViewSchema })
  .openapi('BreachFiled');

export const publicCommunicationRecordedViewSchema = z
  .object({ breachId: z.string(), publicCommunication: publicCommunicationViewSchema, obligations: obligationsViewSchema })
  .openapi('PublicCommunicationRecorded');

export type BreachBody = z.infer<typeof breachBodySchema>;
export type BreachView = z.infer<typeof breachViewSchema>;
export type BreachSummaryView = z.infer<typeof breachSummaryViewSchema>;
