import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LOCALES } from '../domain/locale';

extendZodWithOpenApi(z);

/** Why a breach needs, or is advised, a public communication (Art. 34(3)(c)). */
export const PUBLIC_COMMUNICATION_REASONS = ['disproportionate_effort', 'unreachable_subjects', 'not_required'] as const;

const draftSchema = z.object({
  title: z.string(),
  text: z.string(),
  /** A whole HTML document, every value escaped. */
  html: z.string(),
  /** `notice-words`: the subject notices' words for this language; `report`: the breach report's texts, to read over first. */
  wordsFrom: z.enum(['notice-words', 'report']),
});

/** `GET .../public-communication`: whether one is needed, and its draft in each of the controller's languages. */
export const publicCommunicationDraftViewSchema = z
  .object({
    breachId: z.string(),
    /** The latest assessment is high risk exempted from notices for disproportionate effort (Art. 34(3)(c)). */
    required: z.boolean(),
    /** `unreachable_subjects`: not required, but notices failed, were suppressed or bounced, so advised. */
    reason: z.enum(PUBLIC_COMMUNICATION_REASONS),
    /** Subjects the notices did not reach (failed, suppressed, bounced), once notices were started. */
    unreachable: z.number().int().optional(),
    /** The communication recorded already, if one was. */
    recorded: z.object({ publishedAt: z.string(), channel: z.string(), url: z.string().optional(), recordedAt: z.string() }).optional(),
    drafts: z.partialRecord(z.enum(LOCALES), draftSchema),
  })
  .openapi('PublicCommunicationDraft');
export type PublicCommunicationDraftView = z.infer<typeof publicCommunicationDraftViewSchema>;
