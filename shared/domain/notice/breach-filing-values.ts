import { filingDeadline, hoursLeft } from '../breach/breach-clock';
import { controllerTimeZone } from '../breach/filing-draft/draft-format';
import type { Locale } from '../locale';
import type { PolicyProfile } from '../policy/policy-profile';
import { headerSafe } from './escape';

const HOUR_MS = 3600_000;
const INTL_LOCALE: Readonly<Record<Locale, string>> = { nl: 'nl-NL', en: 'en-GB' };

/** The 72 hours of a breach as the DPO's mails name them: in the controller's zone and in UTC, hours as read. */
export interface BreachClockValues {
  awareAt: string;
  deadline: string;
  deadlineUtc: string;
  /** Hours since awareness, one decimal at most. */
  hoursElapsed: string;
  /** Hours until the deadline, one decimal at most; 0 once it has passed. */
  hoursLeft: string;
  late: boolean;
}

function moment(iso: string, locale: Locale, timeZone: string): string {
  const formatted = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso));
  return timeZone === 'UTC' ? `${formatted} UTC` : `${formatted} (${timeZone})`;
}

function hours(value: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 1 }).format(value);
}

export function breachClockValues(profile: PolicyProfile, awareAt: string, now: Date, locale: Locale): BreachClockValues {
  const timeZone = controllerTimeZone(profile.country);
  const deadline = filingDeadline(awareAt);
  const left = hoursLeft(awareAt, now);
  return {
    awareAt: moment(awareAt, locale, timeZone),
    deadline: moment(deadline, locale, timeZone),
    deadlineUtc: moment(deadline, locale, 'UTC'),
    hoursElapsed: hours(Math.max(0, Math.round(((now.getTime() - Date.parse(awareAt)) / HOUR_MS) * 10) / 10), locale),
    hoursLeft: hours(Math.max(0, left), locale),
    late: now.getTime() > Date.parse(deadline),
  };
}

/**
 * Whether the breach contact is the controller itself (a policy that names no DPO gives the organisation and its
 * address): the mails then greet its privacy team only, not the organisation beside its own team.
 */
export function contactIsController(contactName: string, profile: PolicyProfile): boolean {
  return headerSafe(contactName).toLowerCase() === headerSafe(profile.legalName).toLowerCase();
}

/** The API paths a DPO's mail points to, the ids URL-encoded. */
export function breachEndpoints(controllerId: string, breachId: string) {
  const breach = `/v1/controllers/${encodeURIComponent(controllerId)}/breaches/${encodeURIComponent(breachId)}`;
  return { breach, filings: `${breach}/filings`, draft: `${breach}/filing-draft`, assessment: `${breach}/assessment` };
}

