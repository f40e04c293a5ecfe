import type { ErasureRecipientStore } from '../adapters/dynamo/erasure-recipient-store';
import type { Clock } from '../domain/clock';
import type { ErasureRecipient, AnswerChannel, RecipientAnswer, RecipientAnswerStatus } from '../domain/erasure/erasure-recipient';
import { verifyLink } from '../domain/links/signed-link';
import { settleErasure, type SettleErasureDependencies } from './settle-erasure';

export interface RecipientAnswerDependencies extends SettleErasureDependencies {
  erasureRecipients: SettleErasureDependencies['erasureRecipients'] & Pick<ErasureRecipientStore, 'get' | 'recordAnswer'>;
  linkSecret: () => Promise<Uint8Array>;
  clock: Clock;
}

/** Whom an acknowledgement token speaks for, and about which request and subject. */
export interface AckContext {
  controllerId: string;
  erasureId: string;
  /** The controller's reference of the subject whose data is to be erased. */
  subjectId: string;
  recipient: ErasureRecipient;
}

export type AckState = { state: 'unknown' } | { state: 'open'; context: AckContext } | { state: 'answered'; context: AckContext; answer: RecipientAnswer };

export type AnswerOutcome =
  | { outcome: 'unknown' }
  | { outcome: 'recorded'; context: AckContext; answer: RecipientAnswer }
  /** Answered before: `answer` is the first answer, which stands. */
  | { outcome: 'already-answered'; context: AckContext; answer: RecipientAnswer };

/** Tokens are compact JWS; anything much longer is not one of ours. */
const MAX_TOKEN_LENGTH = 2048;

/**
 * Where a recipient's acknowledgement stands, by its signed token: unknown for a forged, altered or expired
 * token, or one naming no recipient of a recorded request.
 */
export async function recipientAnswerState(deps: Omit<RecipientAnswerDependencies, 'notifyQueue'>, token: string): Promise<AckState> {
  const claims = token.length <= MAX_TOKEN_LENGTH ? await verifyLink(token, 'ack', await deps.linkSecret(), deps.clock.now()) : undefined;
  if (!claims) return { state: 'unknown' };
  const { controllerId, aggregateId: erasureId, subjectId: recipientId } = claims;
  const [stored, recipient] = await Promise.all([deps.erasures.get(controllerId, erasureId), deps.erasureRecipients.get(controllerId, erasureId, recipientId)]);
  if (!stored || !recipient) return { state: 'unknown' };
  const context: AckContext = { controllerId, erasureId, subjectId: stored.request.subjectId, recipient };
  return recipient.answer ? { state: 'answered', context, answer: recipient.answer } : { state: 'open', context };
}

/**
 * Records a recipient's answer (Art. 19), through the page (`link`) or the callback: the first answer
 * counts, a later one changes nothing and gets the first one back. Then the request is completed if this
 * was the last recipient waited for; that is tried on a repeated answer too, so a completion that failed
 * after the answer was recorded is finished by the recipient's retry.
 */
export async function recordRecipientAnswer(
  deps: RecipientAnswerDependencies,
  token: string,
  given: { status: RecipientAnswerStatus; reason?: string },
  via: AnswerChannel,
): Promise<AnswerOutcome> {
  const before = await recipientAnswerState(deps, token);
  if (before.state === 'unknown') return { outcome: 'unknown' };
  const { context } = before;
  const { controllerId, erasureId, recipient } = context;
  const now = deps.clock.now();
  let result: AnswerOutcome;
  if (before.state === 'answered') {
    result = { outcome: 'already-answered', context, answer: before.answer };
  } else {
    const answer: RecipientAnswer = { status: given.status, ...(given.reason ? { reason: given.reason } : {}), answeredAt: now.toISOString(), via };
    const recorded = await deps.erasureRecipients.recordAnswer(controllerId, erasureId, recipient.recipientId, answer);
    if (recorded === 'unknown-recipient') return { outcome: 'unknown' };
    if (recorded === 'recorded') {
      result = { outcome: 'recorded', context: { ...context, recipient: { ...recipient, answer } }, answer };
    } else {
      // Another answer won between the read and the write: it is the one that counts.
      const first = (await deps.erasureRecipients.get(controllerId, erasureId, recipient.recipientId))?.answer;
      if (!first) throw new Error('A recipient answered before, but its answer cannot be read');
      result = { outcome: 'already-answered', context: { ...context, recipient: { ...recipient, answer: first } }, answer: first };
    }
  }
  await settleErasure(deps, controllerId, erasureId, now);
  return result;
}
