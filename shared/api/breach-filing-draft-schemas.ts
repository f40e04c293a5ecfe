import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { FILING_LANGUAGES } from '../domain/breach/filing-draft/draft-format';
import { ART33_ELEMENTS, DRAFT_FIELD_IDS } from '../domain/breach/filing-draft/filing-forms';

extendZodWithOpenApi(z);

export const FILING_DRAFT_FORMATS = ['json', 'markdown', 'html'] as const;

/** `GET .../filing-draft`: the form's language (the authority's default when absent) and the document's format. */
export const filingDraftQuerySchema = z
  .object({
    /** `nl` or `fr`: the AP takes Dutch only, the GBA Dutch or French. */
    language: z.enum(FILING_LANGUAGES).optional(),
    format: z.enum(FILING_DRAFT_FORMATS).default('json'),
  })
  .openapi('FilingDraftQuery');

const fieldId = z.enum(DRAFT_FIELD_IDS);

/** The draft of an authority filing, as `format=json` answers it (AuthorityFilingDraft). */
export const filingDraftViewSchema = z
  .object({
    authority: z.object({ name: z.string(), country: z.string(), website: z.string(), form: z.string() }),
    language: z.enum(FILING_LANGUAGES),
    phase: z.enum(['initial', 'supplement']),
    controllerId: z.string(),
    breachId: z.string(),
    generatedAt: z.string(),
    deadline: z.string(),
    sections: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        fields: z.array(z.object({ id: fieldId, label: z.string(), value: z.string(), art33: z.enum(ART33_ELEMENTS).optional() })),
      }),
    ),
    pending: z.array(fieldId),
    art33Elements: z.object({ a: z.array(fieldId), b: z.array(fieldId), c: z.array(fieldId), d: z.array(fieldId), delay: z.array(fieldId).optional() }),
  })
  .openapi('FilingDraft');
