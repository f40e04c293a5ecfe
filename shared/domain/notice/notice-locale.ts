import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';

/** The language a subject is written to: their own if the controller writes in it, else the controller's default. */
export function noticeLocale(subjectLocale: Locale, profile: Pick<PolicyProfile, 'languages' | 'defaultLocale'>): Locale {
  return profile.languages.includes(subjectLocale) ? subjectLocale : profile.defaultLocale;
}
