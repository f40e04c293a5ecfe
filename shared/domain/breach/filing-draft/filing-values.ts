import { headerSafe } from '../../notice/escape';
import type { PolicyProfile } from '../../policy/policy-profile';
import type { BreachFiling, StoredBreach } from '../breach';
import { filingDeadline, lateByMinutes } from '../breach-clock';
import { formatMoment, formatNumber, type FilingLanguage } from './draft-format';
import { DRAFT_WORDS, type DraftWords } from './draft-words';
import type { DraftFieldId, FilingForm } from './filing-forms';

export interface FilingValuesInput {
  form: FilingForm;
  profile: PolicyProfile;
  breach: StoredBreach;
  phase: 'initial' | 'supplement';
  now: Date;
  contact: { name: string; email: string; phone?: string };
  recipientName?: string;
}

/**
 * The answer to each question of a draft, in the form's language. Absent only where the question does not
 * apply (the earlier filing's number in a first filing, the reasons for a delay in time); every other answer
 * is given, a fact not known yet saying it follows in a supplement.
 */
export function filingFieldValues(input: FilingValuesInput): Partial<Record<DraftFieldId, string>> {
  const { form, profile, breach, phase, now, contact } = input;
  const { report, assessment } = breach;
  const language = form.language;
  const w = DRAFT_WORDS[language];
  const moment = (iso: string) => formatMoment(iso, language, profile.country);
  const count = (value: number) => w.approx(formatNumber(value, language, profile.country));
  const line = (value: string | undefined) => (value?.trim() ? headerSafe(value) : w.unknown);
  const list = (values: readonly string[] | undefined) => (values === undefined ? w.unknown : values.length === 0 ? w.none : values.map(headerSafe).join(', '));
  const recipient = report.source.type === 'recipient' ? headerSafe(input.recipientName ?? report.source.recipientId) : undefined;
  const initial = firstFiling(breach.filings);

  return {
    filingType: form.phaseNames[phase],
    ...(phase === 'supplement' && initial ? { previousReference: w.previousReference(headerSafe(initial.reference), moment(initial.filedAt)) } : {}),
    organisation: headerSafe(profile.legalName),
    postalAddress: profile.postalAddress ? headerSafe(profile.postalAddress) : w.notHeld,
    contactName: line(contact.name),
    contactEmail: line(contact.email),
    contactPhone: contact.phone?.trim() ? headerSafe(contact.phone) : w.notHeld,
    summary: freeText(report.description, w),
    source: recipient === undefined ? w.sourceInternal : w.sourceRecipient(recipient),
    occurredAt: report.occurredAt ? moment(report.occurredAt) : w.unknown,
    awareAt: moment(report.awareAt),
    nature: report.nature.length === 0 ? w.unknown : report.nature.map((nature) => w.natures[nature]).join('; '),
    dataCategories: report.dataCategories.length === 0 ? w.unknown : list(report.dataCategories),
    specialCategories: list(report.specialCategories),
    subjectGroups: subjectGroups(input, w, moment),
    approxSubjects: count(report.approxSubjects),
    approxRecords: count(report.approxRecords),
    consequences: freeText(report.likelyConsequences, w),
    riskAssessment: assessment
      ? w.assessed(w.risks[assessment.risk], headerSafe(assessment.assessedBy), moment(assessment.assessedAt), freeText(assessment.reasoning, w))
      : w.unknown,
    measuresTaken: freeText(report.measuresTaken, w),
    measuresProposed: freeText(report.measuresProposed, w),
    informSubjects: informSubjects(breach, w, moment),
    crossBorder: crossBorder(profile, language, w),
    ...timeliness(breach, phase, now, w, moment, (hours) => formatNumber(hours, language, profile.country)),
  };
}

/** The legal team's own words, as written (lines kept), or the unknown marker when they wrote nothing. */
function freeText(value: string | undefined, w: DraftWords): string {
  const trimmed = value?.trim();
  return trimmed ? trimmed : w.unknown;
}

/** The first filing made: the one whose reference a supplement names and whose timing the lateness froze. */
function firstFiling(filings: readonly BreachFiling[]): BreachFiling | undefined {
  return filings.find((filing) => filing.phase === 'initial') ?? filings[0];
}

/** Whose data it is: the notices' audience once chosen, else the breached recipient's subjects, else not known yet. */
function subjectGroups({ breach, profile, recipientName }: FilingValuesInput, w: DraftWords, moment: (iso: string) => string): string {
  const { report, notices } = breach;
  const upTo = notices?.disclosedUpTo ?? report.occurredAt ?? report.awareAt;
  const recipient = report.source.type === 'recipient' ? headerSafe(recipientName ?? report.source.recipientId) : undefined;
  const audience = notices?.audience;
  if (audience?.type === 'list') return w.subjectGroups.list(String(audience.subjects));
  if (audience?.type === 'category') return w.subjectGroups.category(headerSafe(audience.category));
  if (audience?.type === 'all') return w.subjectGroups.all(headerSafe(profile.legalName));
  if (recipient !== undefined) return w.subjectGroups.recipient(recipient, moment(upTo));
  return w.unknown;
}

/** Art. 34: whether the subjects are told, or why not (an exemption of Art. 34(3), with its reasoning). */
function informSubjects(breach: StoredBreach, w: DraftWords, moment: (iso: string) => string): string {
  const { assessment, notices, publicCommunication } = breach;
  if (!assessment) return w.unknown;
  if (assessment.risk !== 'high') return w.inform.notHigh;
  if (assessment.exemption) {
    const { ground, reasoning } = assessment.exemption;
    const answer = w.inform.exemptReasoning(w.inform.exempt[ground], freeText(reasoning, w));
    if (ground !== 'disproportionate_effort' || !publicCommunication) return answer;
    const { publishedAt, channel, url } = publicCommunication;
    return `${answer} ${w.inform.published(moment(publishedAt), headerSafe(channel), url ? headerSafe(url) : '')}`;
  }
  return notices ? w.inform.notices(moment(notices.startedAt)) : w.inform.noticesToCome;
}

/** Establishments outside the lead authority's country make the processing cross-border (Art. 56). */
function crossBorder(profile: PolicyProfile, language: FilingLanguage, w: DraftWords): string {
  const lead = profile.supervisoryAuthority.country;
  const country = (code: string) => regionName(code, language);
  const others = profile.establishments.filter((establishment) => establishment.country !== lead);
  if (others.length === 0) return w.crossBorder.no(country(lead));
  return w.crossBorder.yes(
    others.map((other) => `${headerSafe(other.legalName)} (${country(other.country)}, ${headerSafe(other.supervisoryAuthority.name)})`).join('; '),
  );
}

function regionName(code: string, language: FilingLanguage): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return headerSafe(code);
  }
}

/**
 * The deadline and whether the filing is late: a first filing is late once the 72 hours have passed and must
 * then give its reasons; a supplement reports the lateness frozen at the first filing, with the reasons it gave.
 */
function timeliness(
  breach: StoredBreach,
  phase: 'initial' | 'supplement',
  now: Date,
  w: DraftWords,
  moment: (iso: string) => string,
  number: (value: number) => string,
): Partial<Record<DraftFieldId, string>> {
  const { awareAt } = breach.report;
  const deadline = moment(filingDeadline(awareAt));
  const first = firstFiling(breach.filings);
  if (phase === 'supplement' && first) {
    const minutesLate = breach.lateByMinutes ?? lateByMinutes(awareAt, first.filedAt);
    if (minutesLate <= 0) return { deadline: w.deadline(deadline), late: w.firstInTime(moment(first.filedAt)) };
    const hours = number(Math.round((minutesLate / 60) * 10) / 10);
    return {
      deadline: w.deadline(deadline),
      late: w.firstLate(moment(first.filedAt), hours),
      delayReasons: first.delayReasons?.trim() ? first.delayReasons.trim() : w.delayReasonsToGive,
    };
  }
  if (now.getTime() <= Date.parse(filingDeadline(awareAt))) return { deadline: w.deadline(deadline), late: w.inTime(deadline) };
  return { deadline: w.deadline(deadline), late: w.late(deadline), delayReasons: w.delayReasonsToGive };
}
