import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { SubjectStore } from '../adapters/dynamo/subject-store';
import type { QueuePublisher } from '../adapters/sqs/queue-publisher';
import type { BreachAudience, BreachNoticeCampaign, BreachNoticeWords, StoredBreach } from '../domain/breach/breach';
import { breachNoticeParts, keptAudience } from '../domain/breach/breach-notice-parts';
import type { BreachRefusal } from '../domain/breach/breach-refusal';
import type { Clock } from '../domain/clock';
import type { Actor } from '../domain/evidence/actor';
import { freeTextSha256 } from '../domain/evidence/free-text-hash';
import { LOCALES, type Locale } from '../domain/locale';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import type { BreachPlanMessage } from '../messages/pipeline-messages';
import { PLAN_DELAY_SECONDS } from './queue-plan';

export interface StartBreachNoticesDependencies {
  breaches: Pick<BreachStore, 'get' | 'startNotices'>;
  subjects: Pick<SubjectStore, 'getMany'>;
  planQueue: QueuePublisher;
  audienceShards: number;
  clock: Clock;
}

/** Who is told, and the legal team's words for each language the controller writes in. */
export interface BreachNoticesIntake {
  audience: BreachAudience;
  words: Partial<Record<Locale, BreachNoticeWords>>;
}

export type StartBreachNoticesOutcome =
  | { outcome: 'started'; notices: BreachNoticeCampaign }
  | { outcome: 'unknown-breach' }
  /** The request is wrong for this controller or breach: each field named. */
  | { outcome: 'invalid'; errors: { field: string; message: string }[] }
  /** The breach as it stands does not take notices (now). */
  | { outcome: 'refused'; refusal: BreachRefusal };

/** Times the start is decided again when the breach changed while it was being recorded. */
const ATTEMPTS = 3;
/** Unknown ids named one by one in an answer, at most. */
const NAMED_UNKNOWN = 100;

/**
 * Starts the notices of a high-risk breach to its subjects (Art. 34(1)), once: only while the latest assessment
 * is `high` without an Art. 34(3) exemption, with the words for every language the controller writes in, and a
 * `recipient` audience only for a breach at a recipient (whose ledger finds the subjects whose data went there up
 * to the breach). Everything is checked before anything is written; the plan messages are queued first and the
 * start recorded after, so notices are never started without their plan (and a plan whose start failed to record
 * is dropped by the planner).
 */
export async function startBreachNotices(
  deps: StartBreachNoticesDependencies,
  profile: PolicyProfile,
  breachId: string,
  intake: BreachNoticesIntake,
  actor: Actor,
): Promise<StartBreachNoticesOutcome> {
  const { controllerId } = profile;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const stored = await deps.breaches.get(controllerId, breachId);
    if (!stored) return { outcome: 'unknown-breach' };
    const errors = intakeErrors(profile, stored, intake);
    if (errors.length > 0) return { outcome: 'invalid', errors };
    const refusal = startRefusal(stored);
    if (refusal) return { outcome: 'refused', refusal };
    const unknown = intake.audience.type === 'list' ? await unknownSubjects(deps, controllerId, intake.audience.subjectIds) : [];
    if (unknown.length > 0) return { outcome: 'invalid', errors: unknown };

    const parts = breachNoticeParts(intake.audience, deps.audienceShards);
    const { report } = stored;
    const notices: BreachNoticeCampaign = {
      audience: keptAudience(intake.audience, parts),
      words: intake.words,
      ...(intake.audience.type === 'recipient' ? { disclosedUpTo: report.occurredAt ?? report.awareAt } : {}),
      partsTotal: parts.length,
      startedAt: deps.clock.now().toISOString(),
      startedBy: actor,
    };
    const messages: BreachPlanMessage[] = parts.map((part) => ({ type: 'breach-plan', controllerId, breachId, part }));
    await deps.planQueue.publish(
      messages.map((body, index) => ({ id: String(index), body })),
      { delaySeconds: PLAN_DELAY_SECONDS },
    );
    if (await deps.breaches.startNotices(controllerId, breachId, notices, startedEventData(notices))) return { outcome: 'started', notices };
  }
  throw new Error('The breach kept changing while its notices were being started');
}

/** The words for each of the controller's languages and none other; a `recipient` audience only for a breach at one. */
function intakeErrors(profile: PolicyProfile, stored: StoredBreach, { audience, words }: BreachNoticesIntake): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  for (const locale of LOCALES) {
    const written = profile.languages.includes(locale);
    if (written && !words[locale]) {
      errors.push({ field: `words.${locale}`, message: `${profile.legalName} writes to its subjects in ${locale}: the notice needs its words in ${locale}` });
    }
    if (!written && words[locale]) errors.push({ field: `words.${locale}`, message: `${profile.legalName} does not write to its subjects in ${locale}` });
  }
  if (audience.type === 'recipient' && stored.report.source.type !== 'recipient') {
    errors.push({ field: 'audience.type', message: 'recipient is the audience of a breach at a recipient only; this breach happened at the controller' });
  }
  return errors;
}

function startRefusal({ assessment, notices }: StoredBreach): BreachRefusal | undefined {
  if (notices) return { kind: 'conflict', field: '(breach)', message: `the notices to the subjects were started already, at ${notices.startedAt}` };
  if (assessment?.risk !== 'high') {
    return { kind: 'conflict', field: '(breach)', message: 'subjects are told of a breach assessed as high risk only (GDPR Art. 34(1))' };
  }
  if (assessment.exemption) {
    return {
      kind: 'conflict',
      field: '(breach)',
      message: `the latest assessment exempts the breach from telling the subjects (GDPR Art. 34(3)): ${assessment.exemption.ground}`,
    };
  }
  return undefined;
}

/** Ids of the list no subject of the controller has (or whose erasure has begun: none is told anything any more). */
async function unknownSubjects(deps: Pick<StartBreachNoticesDependencies, 'subjects'>, controllerId: string, subjectIds: readonly string[]) {
  const known = await deps.subjects.getMany(controllerId, subjectIds);
  const unknown = subjectIds.flatMap((subjectId, index) => (known.has(subjectId) ? [] : [index]));
  return unknown.slice(0, NAMED_UNKNOWN).map((index) => ({
    field: `audience.subjectIds.${index}`,
    message: `no subject of the controller has this id, or its erasure has begun${unknown.length > NAMED_UNKNOWN ? ` (${unknown.length} such ids in all)` : ''}`,
  }));
}

/** What the evidence keeps of the start: the audience, languages and numbers; of the words only their hashes. */
function startedEventData(notices: BreachNoticeCampaign): Record<string, unknown> {
  const { words, startedAt: _startedAt, ...facts } = notices;
  return {
    ...facts,
    words: Object.fromEntries(
      Object.entries(words).map(([locale, { nature, consequences, measures, advice }]) => [
        locale,
        {
          natureSha256: freeTextSha256(nature),
          consequencesSha256: freeTextSha256(consequences),
          measuresSha256: freeTextSha256(measures),
          adviceSha256: freeTextSha256(advice),
        },
      ]),
    ),
  };
}
