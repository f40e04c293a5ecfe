import { z } from 'zod';
import { DISCLOSURE_KINDS, LEGAL_BASES, RECIPIENT_KINDS, TRANSFER_MECHANISMS } from '../disclosure/disclosure';
import { DEADLINE_COUNTRIES, isDeadlineCountry } from '../erasure/deadline-countries';
import { LOCALES, type Locale } from '../locale';

/**
 * A controller's published privacy policy, as the pipeline holds it. Each rule cites the policy
 * sentence it comes from (`source`), so a refusal or a notice can quote it.
 */
const email = z.email();
/** The policy sentence a rule comes from, quoted as published (Dutch), or our reading of its silence. */
const source = z.string().min(1);

export const supervisoryAuthoritySchema = z.object({
  name: z.string().min(1),
  country: z.string().length(2),
  website: z.url(),
});

/** A legal entity of the controller, with the authority it answers to (D Soft has one in BE and one in NL). */
export const establishmentSchema = z.object({
  legalName: z.string().min(1),
  country: z.string().length(2),
  postalAddress: z.string().min(1).optional(),
  supervisoryAuthority: supervisoryAuthoritySchema,
});

export const noticeRuleSchema = z
  .object({
    /** `after`: told once recorded; `before`: told `objectionDays` ahead, may object; `none`: no notice promised. */
    mode: z.enum(['after', 'before', 'none']),
    objectionDays: z.number().int().min(1).max(180).optional(),
    /** A non-disclosure order may defer the notice (mode `deferred` for that disclosure). */
    deferrableUnderOrder: z.boolean(),
  })
  .refine((rule) => (rule.mode === 'before') === (rule.objectionDays !== undefined), {
    message: 'objectionDays is required with mode before, and only then',
    path: ['objectionDays'],
  });

export const disclosureRuleSchema = z.discriminatedUnion('allowed', [
  z.object({ allowed: z.literal(false), source }),
  z.object({
    allowed: z.literal(true),
    legalBases: z.array(z.enum(LEGAL_BASES)).min(1),
    recipientKinds: z.array(z.enum(RECIPIENT_KINDS)).min(1),
    /** Each subject's prior consent is needed: subjects without it are left out of the audience. */
    priorConsent: z.boolean(),
    /** A subject may ask the controller to stop this sharing: such subjects are left out. */
    subjectMayStop: z.boolean(),
    notice: noticeRuleSchema,
    source,
  }),
]);

/** A text in every language a notice can be written in. */
const inEveryLocale = z.object(Object.fromEntries(LOCALES.map((locale) => [locale, z.string().min(1)])) as Record<Locale, z.ZodString>);

export const retentionRuleSchema = z.object({
  /** The stable English key the legal team's retention starts name (`retentionStarts[].category`). */
  category: z.string().min(1),
  /** The category as the subject reads it, in their language. */
  label: inEveryLocale,
  /** ISO 8601 duration (P7Y, P10M, P30D), or `until_settled` for disputes, `statutory` for the legal period. */
  period: z.union([z.string().regex(/^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$/).refine((p) => p !== 'P'), z.enum(['until_settled', 'statutory'])]),
  /** What starts the period, e.g. "end of the contract", "delivery of the repair". */
  from: z.string().min(1),
  source,
});

export const policyProfileSchema = z.object({
  controllerId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  legalName: z.string().min(1),
  country: z.string().length(2),
  postalAddress: z.string().min(1).optional(),
  contactEmail: email,
  privacyEmail: email,
  /** Where reminders and other mail for the legal team go. */
  legalTeamEmail: email,
  /**
   * The data protection officer, or the contact point where the policy names none: named in a breach's
   * filing (Art. 33(3)(b)) and subject notices (Art. 34(2)), and mailed the filing draft and its reminders.
   */
  breachContact: z.object({ name: z.string().min(1), email, phone: z.string().min(1).optional(), source }),
  sender: z.object({ address: email, name: z.string().min(1), replyTo: email }),
  languages: z.array(z.enum(LOCALES)).min(1),
  defaultLocale: z.enum(LOCALES),
  /** The lead authority, named in notices. */
  supervisoryAuthority: supervisoryAuthoritySchema,
  establishments: z.array(establishmentSchema).min(1),
  /** One rule per disclosure kind: every kind is either allowed, with its conditions, or refused. */
  disclosureRules: z.record(z.enum(DISCLOSURE_KINDS), disclosureRuleSchema),
  internationalTransfers: z.object({
    outsideEea: z.enum(['never', 'with_safeguards']),
    mechanisms: z.array(z.enum(TRANSFER_MECHANISMS)),
    source,
  }),
  thirdPartyMarketing: z.object({ allowed: z.enum(['never', 'with_consent']), source }),
  retention: z.array(retentionRuleSchema),
  requests: z.object({
    /** Answers go only to the address the subject registered. */
    registeredEmailOnly: z.boolean(),
    fee: z.enum(['free', 'may_charge']),
    /** Days an unconfirmed request waits before it lapses. */
    verificationLapseDays: z.number().int().min(1).max(90),
    source,
  }),
  policyUrl: z.url().optional(),
});

export type PolicyProfile = z.infer<typeof policyProfileSchema>;
export type SupervisoryAuthority = z.infer<typeof supervisoryAuthoritySchema>;
export type DisclosureRule = z.infer<typeof disclosureRuleSchema>;
export type AllowedDisclosureRule = Extract<DisclosureRule, { allowed: true }>;
export type NoticeRule = z.infer<typeof noticeRuleSchema>;
export type LocalizedText = z.infer<typeof inEveryLocale>;

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
  const checked = parsed.data;
  const crossFieldErrors: [string, string][] = [];
  if (!checked.languages.includes(checked.defaultLocale)) crossFieldErrors.push(['defaultLocale', 'must be one of languages']);
  // Deadlines count working days by the controller's public holidays, checked for these countries only.
  if (!isDeadlineCountry(checked.country)) {
    crossFieldErrors.push(['country', `must be one of ${DEADLINE_COUNTRIES.join(', ')}: deadlines count its public holidays`]);
  }
  if (checked.internationalTransfers.outsideEea === 'with_safeguards' && checked.internationalTransfers.mechanisms.length === 0) {
    crossFieldErrors.push(['internationalTransfers.mechanisms', 'name at least one mechanism when transfers are allowed with safeguards']);
  }
  if (crossFieldErrors.length > 0) {
    throw new InvalidPolicyProfileError(
      checked.controllerId,
      crossFieldErrors.map(([field]) => field),
      crossFieldErrors.map(([field, message]) => `${field}: ${message}`).join('; '),
    );
  }
  return checked;
}
