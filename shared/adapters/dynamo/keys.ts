/**
 * Key shapes of the single table (see docs/data-model.md). Every key starts with the controller, so one
 * controller's items never mix with another's and a caller's controller scope maps onto key prefixes.
 */
export const keys = {
  subject: (controllerId: string, subjectId: string) => ({ pk: `C#${controllerId}#S#${subjectId}`, sk: 'SUBJECT' }),
  ledgerEntry: (controllerId: string, subjectId: string, disclosureId: string) => ({
    pk: `C#${controllerId}#S#${subjectId}`,
    sk: `DISCLOSURE#${disclosureId}`,
  }),
  ledgerPrefix: 'DISCLOSURE#',
  /** A subject's intent notice of a transfer announced before it happens (mode `before`). */
  intentEntry: (controllerId: string, subjectId: string, disclosureId: string) => ({
    pk: `C#${controllerId}#S#${subjectId}`,
    sk: `INTENT#${disclosureId}`,
  }),
  /** A change of the subject's sharing preferences, kept as evidence (consent must be demonstrable, Art. 7(1)). */
  preferencesChange: (controllerId: string, subjectId: string, at: string, changeId: string) => ({
    pk: `C#${controllerId}#S#${subjectId}`,
    // The change id keeps two changes in the same millisecond apart; the time keeps them in order.
    sk: `PREFERENCES#${at}#${changeId}`,
  }),
  preferencesPrefix: 'PREFERENCES#',
  recipient: (controllerId: string, recipientId: string) => ({ pk: `C#${controllerId}#R#${recipientId}`, sk: 'RECIPIENT' }),
  disclosure: (controllerId: string, disclosureId: string) => ({ pk: `C#${controllerId}#D#${disclosureId}`, sk: 'STATE' }),
  disclosureEvent: (controllerId: string, disclosureId: string, seq: number) => ({
    pk: `C#${controllerId}#D#${disclosureId}`,
    sk: `EVENT#${String(seq).padStart(8, '0')}`,
  }),
  eventPrefix: 'EVENT#',
  /** The members of one audience page as first read, so every retry of the page plans the very same subjects. */
  pinnedPage: (controllerId: string, disclosureId: string, partId: string) => ({
    pk: `C#${controllerId}#D#${disclosureId}`,
    sk: `PAGE#${partId}`,
  }),
  /** Marks a unit of work (a planned page, a sent chunk) as counted, so a retry counts nothing twice. */
  workDone: (controllerId: string, disclosureId: string, workId: string) => ({
    pk: `C#${controllerId}#D#${disclosureId}`,
    sk: `DONE#${workId}`,
  }),
  /**
   * The counters of one audience part of a disclosure. Counting per part spreads the writes of a large
   * fan-out over as many items as there are parts, instead of one hot item.
   */
  counter: (controllerId: string, disclosureId: string, partKey: string) => ({
    pk: `C#${controllerId}#D#${disclosureId}`,
    sk: `COUNTER#${partKey}`,
  }),
  counterPrefix: 'COUNTER#',
  /** A subject's objection to a transfer announced before it happens. */
  objection: (controllerId: string, disclosureId: string, subjectId: string) => ({
    pk: `C#${controllerId}#D#${disclosureId}`,
    sk: `OBJECTION#${subjectId}`,
  }),
  objectionPrefix: 'OBJECTION#',
  /**
   * Something due at a time: intent notices, execution, hold reminders, release. While armed it carries
   * `duePk`/`dueSk`, which put it in the sparse `byDue` index the sweeper reads; firing removes them.
   */
  timer: (controllerId: string, disclosureId: string, name: string) => ({
    pk: `C#${controllerId}#D#${disclosureId}`,
    sk: `TIMER#${name}`,
  }),
  duePk: (controllerId: string) => `C#${controllerId}#DUE`,
  /** An erasure request: its state item and, under the same partition, its hash-chained events. */
  erasure: (controllerId: string, erasureId: string) => ({ pk: `C#${controllerId}#E#${erasureId}`, sk: 'STATE' }),
  erasureEvent: (controllerId: string, erasureId: string, seq: number) => ({
    pk: `C#${controllerId}#E#${erasureId}`,
    sk: `EVENT#${String(seq).padStart(8, '0')}`,
  }),
  /** Something due on an erasure request (reminders, lapse, overdue, a recipient's follow-up); armed like a disclosure's. */
  erasureTimer: (controllerId: string, erasureId: string, name: string) => ({
    pk: `C#${controllerId}#E#${erasureId}`,
    sk: `TIMER#${name}`,
  }),
  /** A recipient told of an erasure request (Art. 19): how it was told and what it answered. */
  erasureRecipient: (controllerId: string, erasureId: string, recipientId: string) => ({
    pk: `C#${controllerId}#E#${erasureId}`,
    sk: `RECIPIENT#${recipientId}`,
  }),
  erasureRecipientPrefix: 'RECIPIENT#',
  /** The erasure request an `Idempotency-Key` recorded (its own sort key: a key may serve both routes). */
  erasureIdempotencyKey: (controllerId: string, key: string) => ({ pk: `C#${controllerId}#IDEMPOTENCY#${key}`, sk: 'ERASURE' }),
  idempotencyKey: (controllerId: string, key: string) => ({ pk: `C#${controllerId}#IDEMPOTENCY#${key}`, sk: 'DISCLOSURE' }),
  /** A subject's place in its controller's audience: one partition per (controller, shard), by subject id. */
  audienceMember: (controllerId: string, shard: number, subjectId: string) => ({
    pk: `C#${controllerId}#AUDIENCE#${shard}`,
    sk: subjectId,
  }),
  recipientPk: (controllerId: string, recipientId: string) => `C#${controllerId}#R#${recipientId}`,
  /** A personal-data breach: its state item and, under the same partition, its hash-chained events. */
  breach: (controllerId: string, breachId: string) => ({ pk: `C#${controllerId}#B#${breachId}`, sk: 'STATE' }),
  breachEvent: (controllerId: string, breachId: string, seq: number) => ({
    pk: `C#${controllerId}#B#${breachId}`,
    sk: `EVENT#${String(seq).padStart(8, '0')}`,
  }),
  /** The filing reminders and the overdue alert of a breach's 72 hours; armed like a disclosure's timers. */
  breachTimer: (controllerId: string, breachId: string, name: string) => ({
    pk: `C#${controllerId}#B#${breachId}`,
    sk: `TIMER#${name}`,
  }),
  /**
   * The controller's breach register (Art. 33(5)): one immutable item per breach, written when it is
   * registered, so every breach of a controller is listed by one query (a few a year, never a hot partition).
   */
  breachRegisterEntry: (controllerId: string, breachId: string) => ({ pk: `C#${controllerId}#BREACHES`, sk: `BREACH#${breachId}` }),
  breachRegisterPrefix: 'BREACH#',
  /** A subject told of a high-risk breach (Art. 34): its notice's status, subject id only. */
  breachNotice: (controllerId: string, breachId: string, subjectId: string) => ({
    pk: `C#${controllerId}#B#${breachId}`,
    sk: `NOTICE#${subjectId}`,
  }),
  breachNoticePrefix: 'NOTICE#',
  /** The counters of one audience part of a breach's subject notices, as a disclosure's. */
  breachCounter: (controllerId: string, breachId: string, partKey: string) => ({
    pk: `C#${controllerId}#B#${breachId}`,
    sk: `COUNTER#${partKey}`,
  }),
  /** A page of a breach's notices' audience as first read (ids, locales, disclosures), so a retry plans the very same subjects. */
  breachPinnedPage: (controllerId: string, breachId: string, partId: string) => ({
    pk: `C#${controllerId}#B#${breachId}`,
    sk: `PAGE#${partId}`,
  }),
  /** A unit of a breach's work done (a planned page, a sent chunk, a mail to the DPO), so a retry does not redo it. */
  breachWorkDone: (controllerId: string, breachId: string, workId: string) => ({
    pk: `C#${controllerId}#B#${breachId}`,
    sk: `DONE#${workId}`,
  }),
  /** The breach an `Idempotency-Key` registered. */
  breachIdempotencyKey: (controllerId: string, key: string) => ({ pk: `C#${controllerId}#IDEMPOTENCY#${key}`, sk: 'BREACH' }),
  /** The filing an `Idempotency-Key` recorded (its own sort key: a key may serve both routes). */
  breachFilingIdempotencyKey: (controllerId: string, key: string) => ({ pk: `C#${controllerId}#IDEMPOTENCY#${key}`, sk: 'BREACH_FILING' }),
};
