import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ErasureRejection, RejectionGround } from '../../domain/erasure/erasure-rejection';
import type { ErasureExtension, ErasureRequest, StoredErasure } from '../../domain/erasure/erasure-request';
import type { RetainedCategory } from '../../domain/erasure/retention';
import { FINAL_ERASURE_STATES, nextErasureState, type ErasureEvent, type ErasureState } from '../../domain/erasure/erasure-state';
import type { Actor } from '../../domain/evidence/actor';
import { freeTextSha256 } from '../../domain/evidence/free-text-hash';
import type { EvidenceEvent } from '../../domain/evidence/hash-chain';
import { EventChain } from './event-chain';
import { IdempotencyClaims } from './idempotency-claims';
import { keys } from './keys';
import { OpenErasureClaims } from './open-erasure-claims';
import { timerPut, type ErasureTimer } from './timer-store';
import { transactWrite, type TransactItem } from './transact';

/**
 * What recording a request did: nothing when its Idempotency-Key recorded a request before (that one, and
 * whether it was the same request), or when the subject has another request open (that one).
 */
export type ErasureRecordOutcome =
  | { recorded: true }
  | { recorded: false; existingErasureId: string; sameRequest: boolean }
  | { recorded: false; openErasureId: string };

/** Times a request is recorded again when the subject's open request closed while it was being recorded. */
const RECORD_ATTEMPTS = 3;

/**
 * Erasure requests: a state item and hash-chained events. Every change of state is an event appended in
 * the same transaction, guarded by the state it leaves, so no transition happens twice or out of order.
 * A subject has one open request at most: recording claims the subject item, closing releases it.
 */
export class ErasureStore {
  private readonly chain: EventChain;
  private readonly claims: IdempotencyClaims<'erasureId'>;
  private readonly openClaims: OpenErasureClaims;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.claims = new IdempotencyClaims(client, tableName, keys.erasureIdempotencyKey, 'erasureId');
    this.openClaims = new OpenErasureClaims(client, tableName);
    this.chain = new EventChain(client, tableName, { name: 'erasure request', state: keys.erasure, event: keys.erasureEvent, eventPrefix: keys.eventPrefix });
  }

  /**
   * Records a new request, `received`, with its first event. The legal team's free-text note stays on the
   * state item, which erasure can scrub; the append-only event keeps only its hash. With an idempotency
   * key, the key is claimed in the same transaction: a retry finds the claim and gets the first request.
   * The timers of its due date are armed in the same transaction too, and the subject item is claimed
   * (`openErasureId`), which fails while the subject has another request open.
   *
   * Which write failed is told by its index among the transaction's failed conditions: the key's claim
   * first (a retry, answered with the first request, whose own subject claim fails too), then the state item
   * and the first event (an id recorded before), then the subject's claim (another request open, read back).
   */
  async record(
    request: ErasureRequest,
    recordedBy: Actor,
    idempotency?: { key: string; requestHash: string },
    timers: readonly ErasureTimer[] = [],
  ): Promise<ErasureRecordOutcome> {
    const { controllerId, erasureId, subjectId } = request;
    const { note, ...evidence } = request;
    const noteHash = note === undefined ? {} : { noteSha256: freeTextSha256(note) };
    const [received] = this.chain.start(erasureId, [{ type: 'erasure.received', data: { ...evidence, ...noteHash, recordedBy } }], request.recordedAt);
    const notExists = 'attribute_not_exists(pk)';
    const keyClaim = idempotency ? [this.claims.put(controllerId, idempotency, erasureId)] : [];
    const [stateIndex, eventIndex, subjectIndex] = [keyClaim.length, keyClaim.length + 1, keyClaim.length + 2];
    const input = {
      TransactItems: [
        ...keyClaim,
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.erasure(controllerId, erasureId),
              type: 'erasure',
              controllerId,
              request,
              state: 'received' satisfies ErasureState,
              dueDate: request.dueDate,
              extendedMonths: 0,
              seq: 1,
              lastHash: received!.hash,
            },
            ConditionExpression: notExists,
          },
        },
        this.chain.eventPut(controllerId, received!),
        this.openClaims.claim(controllerId, subjectId, erasureId),
        ...timers.map((timer) => timerPut(this.tableName, timer)),
      ],
    };
    for (let attempt = 1; ; attempt++) {
      const outcome = await transactWrite(this.client, input);
      if (outcome.ok) return { recorded: true };
      const failed = (index: number) => outcome.failedConditions.includes(index);
      if (idempotency && failed(0)) {
        const claim = (await this.idempotencyClaim(controllerId, idempotency.key))!;
        return { recorded: false, existingErasureId: claim.erasureId, sameRequest: claim.requestHash === idempotency.requestHash };
      }
      if (failed(stateIndex) || failed(eventIndex) || !failed(subjectIndex)) throw new Error('Erasure id collision');
      const holder = await this.openClaims.holder(controllerId, subjectId);
      if (!holder.known) throw new Error('Unknown subject');
      if (holder.openErasureId) return { recorded: false, openErasureId: holder.openErasureId };
      // The open request closed between the write and the read: nothing was written, so write it again.
      if (attempt >= RECORD_ATTEMPTS) throw new Error("The subject's open erasure request kept changing while a new one was recorded");
    }
  }

  /** The subject's open request (not completed, lapsed or rejected), read consistently; undefined when none. */
  async openErasureId(controllerId: string, subjectId: string): Promise<string | undefined> {
    return (await this.openClaims.holder(controllerId, subjectId)).openErasureId;
  }

  /** The request an Idempotency-Key recorded, with the hash of the request that recorded it. */
  idempotencyClaim(controllerId: string, key: string): Promise<{ erasureId: string; requestHash: string } | undefined> {
    return this.claims.get(controllerId, key);
  }

  async get(controllerId: string, erasureId: string): Promise<StoredErasure | undefined> {
    const state = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.erasure(controllerId, erasureId), ConsistentRead: true }));
    if (!state.Item) return undefined;
    const request = state.Item.request as ErasureRequest;
    return {
      request,
      state: state.Item.state as ErasureState,
      dueDate: (state.Item.dueDate as string | undefined) ?? request.dueDate,
      extendedMonths: Number(state.Item.extendedMonths ?? 0),
      ...(state.Item.verificationExpiresAt ? { verificationExpiresAt: state.Item.verificationExpiresAt as string } : {}),
      ...(state.Item.verificationRemindedAt ? { verificationRemindedAt: state.Item.verificationRemindedAt as string } : {}),
      ...(state.Item.overdueAt ? { overdueAt: state.Item.overdueAt as string } : {}),
      ...(state.Item.extensions ? { extensions: state.Item.extensions as ErasureExtension[] } : {}),
      ...(state.Item.rejection ? { rejection: state.Item.rejection as ErasureRejection } : {}),
      ...(state.Item.retained ? { retained: state.Item.retained as RetainedCategory[] } : {}),
      ...(state.Item.contactDataErasedAt ? { contactDataErasedAt: state.Item.contactDataErasedAt as string } : {}),
    };
  }

  events(controllerId: string, erasureId: string): Promise<EvidenceEvent[]> {
    return this.chain.events(controllerId, erasureId);
  }

  /** The put of an `Idempotency-Key` claim for a request, for the transaction that does what the key asked. */
  idempotencyClaimPut(controllerId: string, claim: { key: string; requestHash: string }, erasureId: string): TransactItem {
    return this.claims.put(controllerId, claim, erasureId);
  }

  /**
   * Records, once and only for a completed request, that the subject's contact data was erased after their
   * completion email, as `erasure.contact_data_erased`; the free text people wrote leaves the state item
   * with it: the legal team's note, the holds' details and the extensions' reasons (which keep their hash,
   * as the evidence does). `alsoWrite` is the subject item's scrub, so the event and the scrub happen
   * together or not at all. False when recorded before.
   */
  recordContactDataErased(
    controllerId: string,
    erasureId: string,
    stored: Pick<StoredErasure, 'request' | 'retained' | 'extensions'>,
    data: { completionEmailed: boolean },
    at: string,
    alsoWrite: TransactItem[] = [],
  ): Promise<boolean> {
    const { withoutNote, freeTextScrubbed } = withoutFreeText(stored);
    return this.chain.appendPatiently({
      alsoWrite,
      controllerId,
      aggregateId: erasureId,
      type: 'erasure.contact_data_erased',
      data,
      at,
      stateChanges: { request: withoutNote, ...freeTextScrubbed, contactDataErasedAt: at },
      // `#contactDataErasedAt` is the placeholder the state change defines.
      guard: 'attribute_not_exists(#contactDataErasedAt) AND #state = :completed',
      guardNames: { '#state': 'state' },
      guardValues: { ':completed': 'completed' },
    });
  }

  /**
   * Moves the due date on (Art. 12(3) extension), recorded as `erasure.extended`, only if no other
   * extension was recorded since `extendedMonthsSoFar` (and `extensionsSoFar`) were read and the request is
   * not closed. The reason, free text the subject reads, stays on the state item, which erasure can scrub;
   * the append-only event keeps its hash. The timers of the new due date are armed with it, replacing those
   * of the old one.
   */
  async extend(
    controllerId: string,
    erasureId: string,
    extension: {
      extendedMonthsSoFar: number;
      extensionsSoFar?: readonly ErasureExtension[];
      extendedMonths: number;
      previousDueDate: string;
      dueDate: string;
      reason: string;
      extendedBy: Actor;
    },
    at: string,
    idempotency?: { key: string; requestHash: string },
    timers: readonly ErasureTimer[] = [],
  ): Promise<boolean> {
    const { extendedMonthsSoFar, extensionsSoFar = [], extendedMonths, dueDate, reason, previousDueDate, extendedBy } = extension;
    const claim = idempotency ? [this.claims.put(controllerId, idempotency, erasureId)] : [];
    const added: ErasureExtension = { dueDate, months: extendedMonths - extendedMonthsSoFar, reason, extendedAt: at };
    return this.chain.appendPatiently({
      alsoWrite: [...claim, ...timers.map((timer) => timerPut(this.tableName, timer))],
      controllerId,
      aggregateId: erasureId,
      type: 'erasure.extended',
      data: { previousDueDate, dueDate, extendedMonths, reasonSha256: freeTextSha256(reason), extendedBy },
      at,
      stateChanges: { dueDate, extendedMonths, extensions: [...extensionsSoFar, added] },
      // Requests recorded before extensions were counted have no `extendedMonths`: none so far.
      guard: `${extendedMonthsSoFar === 0 ? '(attribute_not_exists(#extendedMonths) OR #extendedMonths = :soFar)' : '#extendedMonths = :soFar'} AND NOT (#state IN (:completed, :lapsed, :rejected))`,
      guardNames: { '#state': 'state' },
      guardValues: { ':soFar': extendedMonthsSoFar, ':completed': 'completed', ':lapsed': 'lapsed', ':rejected': 'rejected' },
    });
  }

  /**
   * Refuses the request (Art. 12(4)), recorded as `erasure.rejected` with its ground, a hash of its reason
   * and who refused it, and kept on the state item as `rejection` with the reason itself (free text, which
   * erasure can scrub from the state item but never from the append-only event); only from the state it was read in, and only one
   * the state machine lets reject. With an idempotency key, the key is claimed in the same transaction.
   */
  async reject(
    controllerId: string,
    erasureId: string,
    rejection: { from: ErasureState; ground: RejectionGround; reason: string; rejectedBy: Actor },
    at: string,
    idempotency?: { key: string; requestHash: string },
  ): Promise<boolean> {
    const { from, ground, reason, rejectedBy } = rejection;
    const to = nextErasureState(from, 'rejected');
    if (!to) return false;
    const claim = idempotency ? [this.claims.put(controllerId, idempotency, erasureId)] : [];
    return this.chain.appendPatiently({
      alsoWrite: [...claim, ...(await this.releaseOnClose(controllerId, erasureId))],
      controllerId,
      aggregateId: erasureId,
      type: 'erasure.rejected',
      data: { ground, reasonSha256: freeTextSha256(reason), rejectedBy, from, to },
      at,
      stateChanges: { state: to, rejection: { ground, reason, rejectedAt: at } satisfies ErasureRejection },
      guard: '#state = :from',
      guardValues: { ':from': from },
    });
  }

  /**
   * Moves the request on by an event, recorded as `erasure.<event>`, only from the state it was read in:
   * false when the event cannot happen in that state, or the request moved on meanwhile. `alsoWrite`
   * goes in the same transaction (the timers the new state starts); so does, when the request closes
   * (completed, lapsed, rejected), the release of the subject's claim on it.
   */
  async transition(
    controllerId: string,
    erasureId: string,
    from: ErasureState,
    event: ErasureEvent,
    data: Record<string, unknown>,
    at: string,
    stateChanges: Record<string, unknown> = {},
    alsoWrite: TransactItem[] = [],
  ): Promise<boolean> {
    const to = nextErasureState(from, event);
    if (!to) return false;
    const release = FINAL_ERASURE_STATES.includes(to) ? await this.releaseOnClose(controllerId, erasureId) : [];
    return this.chain.appendPatiently({
      alsoWrite: [...alsoWrite, ...release],
      controllerId,
      aggregateId: erasureId,
      type: `erasure.${event}`,
      data: { ...data, from, to },
      at,
      stateChanges: { ...stateChanges, state: to },
      guard: '#state = :from',
      guardValues: { ':from': from },
    });
  }

  /**
   * The release of the subject's claim, for the transaction that closes the request. The subject item stays
   * (erasure scrubs it after completion, never deletes it), so the subject is read through the request.
   */
  private async releaseOnClose(controllerId: string, erasureId: string): Promise<TransactItem[]> {
    const state = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.erasure(controllerId, erasureId),
        ProjectionExpression: '#request.subjectId',
        ExpressionAttributeNames: { '#request': 'request' },
        ConsistentRead: true,
      }),
    );
    const subjectId = (state.Item?.request as { subjectId?: unknown } | undefined)?.subjectId;
    if (typeof subjectId !== 'string') throw new Error('Unknown erasure request');
    return this.openClaims.release(controllerId, subjectId, erasureId);
  }

  /** Flags the request overdue, as `erasure.overdue` with the due date it passed, once: false if flagged before. */
  flagOverdue(controllerId: string, erasureId: string, dueDate: string, at: string): Promise<boolean> {
    return this.recordOnce(controllerId, erasureId, 'erasure.overdue', 'overdueAt', { dueDate }, at);
  }

  /** Records that the subject was reminded to confirm, as `erasure.verification_reminded`, once: false if recorded before. */
  recordVerificationReminder(controllerId: string, erasureId: string, verificationExpiresAt: string, at: string): Promise<boolean> {
    return this.recordOnce(controllerId, erasureId, 'erasure.verification_reminded', 'verificationRemindedAt', { verificationExpiresAt }, at);
  }

  /** An event that happens once in a request's life, marked by a time on the state item. */
  private recordOnce(controllerId: string, erasureId: string, type: string, field: string, data: Record<string, unknown>, at: string): Promise<boolean> {
    return this.chain.appendPatiently({
      controllerId,
      aggregateId: erasureId,
      type,
      data,
      at,
      stateChanges: { [field]: at },
      // `#<field>` is the placeholder the state change defines.
      guard: `attribute_not_exists(#${field})`,
    });
  }
}

/** The request's state without the free text people wrote in it: each text replaced by its hash, as the evidence keeps it. */
export function withoutFreeText(stored: Pick<StoredErasure, 'request' | 'retained' | 'extensions'>): {
  withoutNote: ErasureRequest;
  freeTextScrubbed: { retained?: RetainedCategory[]; extensions?: ErasureExtension[] };
} {
  const { note: _note, ...withoutNote } = stored.request;
  const retained = stored.retained?.map(({ detail, ...rest }) => (detail === undefined ? rest : { ...rest, detailSha256: freeTextSha256(detail) }));
  const extensions = stored.extensions?.map(({ reason, ...rest }) => (reason === undefined ? rest : { ...rest, reasonSha256: freeTextSha256(reason) }));
  return { withoutNote, freeTextScrubbed: { ...(retained ? { retained } : {}), ...(extensions ? { extensions } : {}) } };
}
