import { z } from 'zod';
import { LOCALES } from '../locale';

/**
 * A controller's published privacy policy, as the pipeline holds it. Each rule cites the policy
 * sentence it comes from (`source`), so a refusal or a notice can quote it.
 */
const email = z.email();

export const supervisoryAuthoritySchema = z.object({
  name: z.string().min(1),
  country: z.string().length(2),
  website: z.url(),
});

export const policyProfileSchema = z.object({
  controllerId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  legalName: z.string().min(1),
  country: z.string().length(2),
  postalAddress: z.string().min(1).optional(),
  contactEmail: email,
  privacyEmail: email,
  sender: z.object({ address: email, name: z.string().min(1), replyTo: email }),
  languages: z.array(z.enum(LOCALES)).min(1),
  defaultLocale: z.enum(LOCALES),
  supervisoryAuthority: supervisoryAuthoritySchema,
  disclosureNotice: z.object({
    /** `after`: every affected subject is told once the disclosure is recorded. */
    mode: z.literal('after'),
    source: z.string().min(1),
  }),
  policyUrl: z.url().optional(),
});

export type PolicyProfile = z.infer<typeof policyProfileSchema>;
export type SupervisoryAuthority = z.infer<typeof supervisoryAuthoritySchema>;

export class InvalidPolicyProfileError extends Error {
  constructor(controllerId: string, readonly fields: string[], detail: string) {
    super(`Policy profile '${controllerId}' is invalid: ${detail}`);
    this.name = 'InvalidPolicyProfileError';
  }
}

/** Checks a profile when its module loads, so a broken profile fails synth and start-up, naming the field. */
export function defineProfile(profile: PolicyProfile): PolicyProfile {
  const parsed = policyProfileSchema.safeParse(profile);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new InvalidPolicyProfileError(String(profile?.controllerId ?? '?'), fields, detail);
  }
  if (!parsed.data.languages.includes(parsed.data.defaultLocale)) {
    throw new InvalidPolicyProfileError(parsed.data.controllerId, ['defaultLocale'], 'defaultLocale: must be one of languages');
  }
  return parsed.data;
}
