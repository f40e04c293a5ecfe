import { describe, expect, it, vi } from 'vitest';
import type { BulkEmail, BulkEmailResult } from '../../../shared/adapters/ses/mailer';
import type { Disclosure, Subject } from '../../../shared/domain/disclosure/disclosure';
import type { DisclosureProgress } from '../../../shared/domain/disclosure/disclosure-status';
import type { NoticeOutcome } from '../../../shared/domain/disclosure/notice';
import { DISCLOSURE_NOTICE_TEMPLATES } from '../../../shared/domain/notice/disclosure-notice-template';
import { intentNoticeTemplateName } from '../../../shared/domain/notice/intent-notice';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import type { NoticeChunk } from '../../../shared/messages/pipeline-messages';
import { NoticesToRetryError, sendChunk, type SenderDependencies } from '../../../shared/workflow/send-chunk';
import { CONTROLLER_ID, DISCLOSURE_ID, aDisclosure, aNotifyMessage, aProfile, aProgress, aSubject } from '../../helpers/factories';
import { FakeMailer, InMemoryDisclosureStore, InMemoryLedger, InMemorySubjectStore, fixedClock, zeroCounters } from '../../helpers/fakes';

const NOW = '2026-11-24T10:00:00.000Z';

function sender(
  subjects: readonly Subject[],
  {
    mailer = new FakeMailer(),
    profile = aProfile(),
    progress = aProgress({ partsTotal: 2, partsPlanned: 1, subjects: 100 }),
    disclosure = aDisclosure(),
  }: { mailer?: FakeMailer; profile?: PolicyProfile; progress?: DisclosureProgress; disclosure?: Disclosure } = {},
) {
  const order: string[] = [];
  const disclosures = new InMemoryDisclosureStore(disclosure, progress);
  const ledger = new InMemoryLedger(disclosures);
  const pace = vi.fn(async (_messages: number) => {
    order.push('pace');
  });
  const sendBulk = mailer.sendBulk.bind(mailer);
  mailer.sendBulk = async (email: BulkEmail) => {
    order.push('sendBulk');
    return sendBulk(email);
  };
  const recordNotices = ledger.recordNotices.bind(ledger);
  ledger.recordNotices = async (...args) => {
    order.push('record');
    return recordNotices(...args);
  };
  const deps: SenderDependencies = {
    disclosures,
    subjects: new InMemorySubjectStore(subjects),
    ledger,
    mailer,
    findProfile: (controllerId) => (controllerId === profile.controllerId ? profile : undefined),
    pace,
    clock: fixedClock(NOW),
    configurationSet: 'notices',
  };
  /**
   * What the planner does before it publishes a chunk: a queued ledger entry for each of its subjects,
   * counted as a subject of the chunk's part.
   */
  const planned = (message: NoticeChunk): NoticeChunk => {
    void ledger.writeEntries(disclosure, message.partKey, message.subjectIds.map((subjectId) => ({ subjectId, noticeStatus: 'queued' })));
    return message;
  };
  /** Settles (and counts) notices as an earlier attempt (or another chunk of the part) would have. */
  const settledBefore = (notices: NoticeOutcome[], partKey = 'slice-0') =>
    recordNotices(CONTROLLER_ID, DISCLOSURE_ID, partKey, notices, '2026-11-24T09:00:00.000Z');
  const statusOf = (subjectId: string) => ledger.status(disclosure, subjectId);
  return { deps, disclosure, disclosures, ledger, mailer, pace, order, profile, planned, settledBefore, statusOf };
}

/** Parses `"Display Name" <address>`. */
function parseFrom(from: string): { name: string; address: string } | undefined {
  const match = /^"((?:[^"\\\r\n]|\\.)*)" <([^<>\s]+)>$/.exec(from);
  return match ? { name: match[1]!.replace(/\\(.)/g, '$1'), address: match[2]! } : undefined;
}

/** Decodes RFC 2047 encoded-words (B and Q encodings); plain ASCII passes through. */
function decodeWords(value: string): string {
  const word = /=\?utf-8\?([bq])\?([^?]*)\?=/gi;
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1') // whitespace between adjacent encoded-words is not content
    .replace(word, (_word, encoding: string, text: string) => {
      if (encoding.toLowerCase() === 'b') return Buffer.from(text, 'base64').toString('utf8');
      const bytes: number[] = [];
      for (let index = 0; index < text.length; index++) {
        const char = text[index]!;
        if (char === '_') bytes.push(0x20);
        else if (char === '=') {
          bytes.push(parseInt(text.slice(index + 1, index + 3), 16));
          index += 2;
        } else bytes.push(char.charCodeAt(0));
      }
      return Buffer.from(bytes).toString('utf8');
    });
}

describe('sendChunk', () => {
  it('mails the chunk in one sendBulk with the template of its locale, from the profile sender', async () => {
    // Prepare
    const subjects = [aSubject('alice', 'en'), aSubject('bob', 'en', { name: undefined })];
    const { deps, mailer, profile, disclosure, planned } = sender(subjects);

    // Act
    await sendChunk(deps, planned(aNotifyMessage(['alice', 'bob'], 'en')));

    // Assess
    expect(mailer.calls).toHaveLength(1);
    const email = mailer.calls[0]!;
    const enTemplate = DISCLOSURE_NOTICE_TEMPLATES.find((template) => template.locale === 'en')!;
    expect(email.templateName).toBe(enTemplate.name);
    expect(parseFrom(email.from)).toEqual({ name: profile.sender.name, address: profile.sender.address });
    expect(email.replyTo).toEqual([profile.sender.replyTo]);
    expect(email.configurationSet).toBe('notices');
    expect(email.entries.map((entry) => entry.to)).toEqual(['alice@mail.example', 'bob@mail.example']);
    expect(email.defaultData).toMatchObject({ text: { recipientName: disclosure.recipient.name } });
    expect(email.entries[0]!.replacementData).toMatchObject({ addressee: { text: { greeting: expect.stringContaining('Name of alice') } } });
    expect(email.entries[1]!.replacementData).not.toMatchObject({ addressee: { text: { greeting: expect.stringContaining('bob') } } });
  });

  it('uses the Dutch template for a Dutch chunk', async () => {
    // Prepare
    const { deps, mailer, planned } = sender([aSubject('anna', 'nl')]);

    // Act
    await sendChunk(deps, planned(aNotifyMessage(['anna'], 'nl')));

    // Assess
    const nlTemplate = DISCLOSURE_NOTICE_TEMPLATES.find((template) => template.locale === 'nl')!;
    const enTemplate = DISCLOSURE_NOTICE_TEMPLATES.find((template) => template.locale === 'en')!;
    expect(mailer.calls[0]!.templateName).toBe(nlTemplate.name);
    expect(nlTemplate.name).not.toBe(enTemplate.name);
  });

  it('suppresses, and does not mail, subjects erased since the plan', async () => {
    // Prepare
    const { deps, disclosures, mailer, planned, statusOf } = sender([aSubject('alice', 'nl'), aSubject('carol', 'nl')]);

    // Act
    const counts = await sendChunk(deps, planned(aNotifyMessage(['alice', 'erased-bob', 'carol'], 'nl')));

    // Assess
    expect(mailer.mailed).toEqual(['alice@mail.example', 'carol@mail.example']);
    expect(counts).toEqual({ notified: 2, failed: 0, suppressed: 1 });
    expect(statusOf('erased-bob')).toBe('suppressed');
    expect(disclosures.counters('slice-0')).toMatchObject({ subjects: 3, notified: 2, suppressed: 1 });
  });

  it("records sent, failed and suppressed notices in the ledger, counting them on the chunk's part, and marks the chunk done", async () => {
    // Prepare
    const answer = (email: BulkEmail): BulkEmailResult[] =>
      email.entries.map((entry) =>
        entry.to.startsWith('bob') ? { status: 'failed', error: 'MESSAGE_REJECTED' } : { status: 'sent', messageId: `ses-${entry.to}` },
      );
    const { deps, disclosure, disclosures, ledger, planned } = sender([aSubject('alice'), aSubject('bob'), aSubject('carol')], {
      mailer: new FakeMailer(answer),
    });
    const message = planned(aNotifyMessage(['alice', 'bob', 'gone', 'carol'], 'nl', 'plan#shard-3##nl#1#0123456789abcdef'));

    // Act
    const counts = await sendChunk(deps, message);

    // Assess
    expect(counts).toEqual({ notified: 2, failed: 1, suppressed: 1 });
    expect(ledger.notice(disclosure, 'alice')).toEqual({ status: 'sent', at: NOW, messageId: 'ses-alice@mail.example' });
    expect(ledger.notice(disclosure, 'bob')).toEqual({ status: 'failed', at: NOW });
    expect(ledger.notice(disclosure, 'carol')).toEqual({ status: 'sent', at: NOW, messageId: 'ses-carol@mail.example' });
    expect(ledger.notice(disclosure, 'gone')).toEqual({ status: 'suppressed', at: NOW });
    // The marker adds no counts: each notice was counted, on the chunk's part, as it settled.
    expect(disclosures.completeWorkCalls).toEqual([
      { controllerId: CONTROLLER_ID, disclosureId: DISCLOSURE_ID, workId: message.workId, now: NOW, result: counts, counted: true },
    ]);
    expect(disclosures.counters('shard-3')).toEqual({ ...zeroCounters(), subjects: 4, notified: 2, failed: 1, suppressed: 1 });
    expect(disclosures.progress).toMatchObject({ subjects: 104, notified: 2, failed: 1, suppressed: 1 });
  });

  it("counts its notices on the part the message names, whatever its workId", async () => {
    // Prepare
    const { deps, disclosures, planned } = sender([aSubject('alice'), aSubject('bob')]);
    const message = planned(aNotifyMessage(['alice', 'bob', 'gone'], 'nl', 'plan#slice-0#nl#0#0123456789abcdef', 'slice-4'));

    // Act
    await sendChunk(deps, message);

    // Assess
    expect(disclosures.counters('slice-4')).toEqual({ ...zeroCounters(), subjects: 3, notified: 2, suppressed: 1 });
    expect(disclosures.counters('slice-0')).toBeUndefined();
  });

  it('paces by the number of subjects mailed, before mailing', async () => {
    // Prepare
    const { deps, pace, order, planned } = sender([aSubject('a1'), aSubject('a2'), aSubject('a3')]);

    // Act
    await sendChunk(deps, planned(aNotifyMessage(['a1', 'gone', 'a2', 'a3'], 'nl')));

    // Assess
    expect(pace).toHaveBeenCalledTimes(1);
    expect(pace).toHaveBeenCalledWith(3);
    expect(order.filter((step) => step !== 'record')).toEqual(['pace', 'sendBulk']);
  });

  it('neither paces nor mails when every subject of the chunk is gone', async () => {
    // Prepare
    const { deps, mailer, pace, disclosures, planned } = sender([]);

    // Act
    const counts = await sendChunk(deps, planned(aNotifyMessage(['gone-1', 'gone-2'], 'nl')));

    // Assess
    expect(mailer.calls).toEqual([]);
    expect(pace).not.toHaveBeenCalled();
    expect(counts).toEqual({ notified: 0, failed: 0, suppressed: 2 });
    expect(disclosures.progress.suppressed).toBe(2);
  });

  it('lets a mailer error through, so the queue retries, leaving the notices queued and counting nothing', async () => {
    // Prepare
    const mailer = new FakeMailer(() => {
      throw new Error('Throttling: Maximum sending rate exceeded');
    });
    const { deps, disclosures, planned, statusOf } = sender([aSubject('alice')], { mailer });

    // Act
    const sending = sendChunk(deps, planned(aNotifyMessage(['alice'], 'nl')));

    // Assess
    await expect(sending).rejects.toThrow(/Maximum sending rate/);
    expect(statusOf('alice')).toBe('queued');
    expect(disclosures.completeWorkCalls).toEqual([]);
    expect(disclosures.progress).toMatchObject({ notified: 0, failed: 0, suppressed: 0 });
    expect(disclosures.events).toEqual([]);
  });

  it('counts its chunk but leaves settling the disclosure to its caller, even for the last chunk', async () => {
    // Prepare
    // alice, counted and notified before; bob and carol are counted as the chunk is planned.
    const progress = aProgress({ partsTotal: 1, partsPlanned: 1, subjects: 1, notified: 1 });
    const { deps, disclosures, planned } = sender([aSubject('bob'), aSubject('carol')], { progress });

    // Act
    await sendChunk(deps, planned(aNotifyMessage(['bob', 'carol'], 'nl')));

    // Assess
    expect(disclosures.progress).toMatchObject({ subjects: 3, notified: 3 });
    expect(disclosures.events).toEqual([]);
    expect(disclosures.completedAt).toBeUndefined();
  });

  it('refuses a chunk of a controller without a profile, before mailing', async () => {
    // Prepare
    const { deps, mailer, planned } = sender([aSubject('alice')]);

    // Act
    const sending = sendChunk({ ...deps, findProfile: () => undefined }, planned(aNotifyMessage(['alice'], 'nl')));

    // Assess
    await expect(sending).rejects.toThrow(/unknown controller/);
    expect(mailer.calls).toEqual([]);
  });

  it('keeps the From header one line with one address, whatever the sender name holds', async () => {
    // Prepare
    const profile = aProfile({
      sender: { address: 'notices@acme-care.example', name: 'Acme "Care"\r\nBcc: all@evil.example', replyTo: 'dpo@acme-care.example' },
    });
    const { deps, mailer, planned } = sender([aSubject('alice')], { profile });

    // Act
    await sendChunk(deps, planned(aNotifyMessage(['alice'], 'nl')));

    // Assess
    const { from } = mailer.calls[0]!;
    expect(from).not.toMatch(/[\r\n]/);
    expect(parseFrom(from)?.address).toBe('notices@acme-care.example');
    expect(from.match(/</g)).toHaveLength(1);
  });

  it('writes a non-ASCII sender name as a MIME encoded-word, as SES requires of the From header', async () => {
    // Prepare
    const name = 'Zorggroep Één & Hôpital';
    const profile = aProfile({ sender: { address: 'notices@acme-care.example', name, replyTo: 'dpo@acme-care.example' } });
    const { deps, mailer, planned } = sender([aSubject('alice')], { profile });

    // Act
    await sendChunk(deps, planned(aNotifyMessage(['alice'], 'nl')));

    // Assess
    const { from } = mailer.calls[0]!;
    expect(from).toMatch(/^[\x20-\x7e]+$/);
    expect(from).toMatch(/<notices@acme-care\.example>$/);
    const displayName = from.slice(0, from.lastIndexOf('<')).trim().replace(/^"(.*)"$/, '$1');
    expect(decodeWords(displayName)).toBe(name);
  });
});

describe('sendChunk below a low SES send rate', () => {
  it('splits a chunk into calls no larger than the per-second rate, pacing each', async () => {
    const subjects = Array.from({ length: 50 }, (_, index) => aSubject(`s-${index}`));
    const { deps, mailer, pace, disclosures, planned, statusOf } = sender(subjects);
    deps.maxPerCall = 20;

    await sendChunk(deps, planned(aNotifyMessage(subjects.map((subject) => subject.subjectId))));

    expect(mailer.calls.map((call) => call.entries.length)).toEqual([20, 20, 10]);
    expect(pace.mock.calls.map(([messages]) => messages)).toEqual([20, 20, 10]);
    expect(mailer.mailed).toEqual(subjects.map((subject) => subject.email));
    expect(disclosures.completeWorkCalls).toHaveLength(1);
    expect(disclosures.completeWorkCalls[0]!.result).toEqual({ notified: 50, failed: 0, suppressed: 0 });
    expect(disclosures.completeWorkCalls[0]!.counters).toBeUndefined();
    // Counted call by call, as each settled.
    expect(disclosures.counterWrites.filter((write) => write.increments.notified)).toEqual([
      { partKey: 'slice-0', increments: { notified: 20 } },
      { partKey: 'slice-0', increments: { notified: 20 } },
      { partKey: 'slice-0', increments: { notified: 10 } },
    ]);
    expect(disclosures.progress.notified).toBe(50);
    expect(subjects.map((subject) => statusOf(subject.subjectId))).toEqual(subjects.map(() => 'sent'));
  });

  it("records each call's notices as soon as SES answers it, before pacing the next call", async () => {
    // Prepare
    const { deps, order, planned } = sender([aSubject('a1'), aSubject('a2'), aSubject('a3')]);
    deps.maxPerCall = 2;

    // Act
    await sendChunk(deps, planned(aNotifyMessage(['a1', 'a2', 'a3'])));

    // Assess
    expect(order.slice(order.indexOf('pace'))).toEqual(['pace', 'sendBulk', 'record', 'pace', 'sendBulk', 'record']);
  });
});

describe('sendChunk: retries mail no one twice', () => {
  const five = ['a1', 'a2', 'a3', 'a4', 'a5'];

  it('after a failed second call, mails only the subjects not yet settled, and counts the whole chunk', async () => {
    // Prepare
    let failing = true;
    const mailer = new FakeMailer((email, call) => {
      if (failing && call === 1) throw new Error('socket hang up');
      return email.entries.map((entry) => ({ status: 'sent', messageId: `ses-${entry.to}` }));
    });
    const { deps, disclosures, planned, statusOf } = sender(five.map((id) => aSubject(id)), { mailer });
    deps.maxPerCall = 2;
    const message = planned(aNotifyMessage(five));
    await expect(sendChunk(deps, message)).rejects.toThrow(/socket hang up/);
    expect(five.map(statusOf)).toEqual(['sent', 'sent', 'queued', 'queued', 'queued']);
    expect(disclosures.completeWorkCalls).toEqual([]);
    expect(disclosures.progress.notified).toBe(2);
    failing = false;
    const mailedBefore = mailer.calls.length;

    // Act
    const counts = await sendChunk(deps, message);

    // Assess
    const retried = mailer.calls.slice(mailedBefore).map((call) => call.entries.map((entry) => entry.to));
    expect(retried).toEqual([['a3@mail.example', 'a4@mail.example'], ['a5@mail.example']]);
    expect(counts).toEqual({ notified: 5, failed: 0, suppressed: 0 });
    expect(disclosures.completeWorkCalls.map((call) => call.result)).toEqual([{ notified: 5, failed: 0, suppressed: 0 }]);
    // The two notices settled by the first attempt are not counted again.
    expect(disclosures.progress.notified).toBe(5);
    expect(five.map(statusOf)).toEqual(five.map(() => 'sent'));
  });

  it('never mails a subject whose notice already went, failed or was suppressed, reports it in the chunk, and counts it once', async () => {
    // Prepare
    const { deps, disclosures, mailer, pace, planned, settledBefore } = sender(['alice', 'bob', 'carol', 'dave'].map((id) => aSubject(id)));
    const message = planned(aNotifyMessage(['alice', 'bob', 'carol', 'dave']));
    await settledBefore([
      { subjectId: 'alice', status: 'sent', messageId: 'ses-earlier' },
      { subjectId: 'bob', status: 'failed' },
      { subjectId: 'carol', status: 'suppressed' },
    ]);

    // Act
    const counts = await sendChunk(deps, message);

    // Assess
    expect(mailer.mailed).toEqual(['dave@mail.example']);
    expect(pace.mock.calls).toEqual([[1]]);
    expect(counts).toEqual({ notified: 2, failed: 1, suppressed: 1 });
    expect(disclosures.progress).toMatchObject({ subjects: 104, notified: 2, failed: 1, suppressed: 1 });
  });

  it('neither paces nor mails when every notice of the chunk already settled, and still counts the chunk', async () => {
    // Prepare
    const { deps, mailer, pace, disclosures, planned, settledBefore } = sender([aSubject('alice'), aSubject('bob')]);
    const message = planned(aNotifyMessage(['alice', 'bob']));
    await settledBefore([
      { subjectId: 'alice', status: 'sent', messageId: 'ses-a' },
      { subjectId: 'bob', status: 'sent', messageId: 'ses-b' },
    ]);

    // Act
    const counts = await sendChunk(deps, message);

    // Assess
    expect(mailer.calls).toEqual([]);
    expect(pace).not.toHaveBeenCalled();
    expect(counts).toEqual({ notified: 2, failed: 0, suppressed: 0 });
    expect(disclosures.completeWorkCalls.map((call) => call.workId)).toEqual([message.workId]);
    expect(disclosures.progress.notified).toBe(2);
  });

  it('throws NoticesToRetryError for notices SES did not take, keeps them queued and does not count the chunk', async () => {
    // Prepare
    let transient = true;
    const mailer = new FakeMailer((email) =>
      email.entries.map((entry) =>
        transient && entry.to.startsWith('bob')
          ? { status: 'retry', error: 'TRANSIENT_FAILURE' }
          : { status: 'sent', messageId: `ses-${entry.to}` },
      ),
    );
    const { deps, disclosures, planned, statusOf } = sender([aSubject('alice'), aSubject('bob'), aSubject('carol')], { mailer });
    const message = planned(aNotifyMessage(['alice', 'bob', 'carol']));

    // Act
    const error = await sendChunk(deps, message).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(NoticesToRetryError);
    expect((error as NoticesToRetryError).count).toBe(1);
    expect(['alice', 'bob', 'carol'].map(statusOf)).toEqual(['sent', 'queued', 'sent']);
    expect(disclosures.completeWorkCalls).toEqual([]);
    expect(await disclosures.finishedWork(CONTROLLER_ID, DISCLOSURE_ID, message.workId)).toBeUndefined();
    expect(disclosures.progress.notified).toBe(2);

    // and the queue's next try mails bob alone and counts all three
    transient = false;
    const before = mailer.calls.length;
    await expect(sendChunk(deps, message)).resolves.toEqual({ notified: 3, failed: 0, suppressed: 0 });
    expect(mailer.calls.slice(before).flatMap((call) => call.entries.map((entry) => entry.to))).toEqual(['bob@mail.example']);
    expect(disclosures.progress.notified).toBe(3);
  });

  it('answers the stored result of a chunk already counted, without reading the ledger or mailing', async () => {
    // Prepare
    const { deps, mailer, pace, disclosures, ledger, planned } = sender([aSubject('alice'), aSubject('bob')]);
    const message = planned(aNotifyMessage(['alice', 'bob']));
    const stored = { notified: 1, failed: 1, suppressed: 0 };
    await disclosures.completeWork({
      controllerId: CONTROLLER_ID,
      disclosureId: DISCLOSURE_ID,
      workId: message.workId,
      now: NOW,
      result: stored,
    });

    // Act
    const counts = await sendChunk(deps, message);

    // Assess
    expect(counts).toEqual(stored);
    expect(mailer.calls).toEqual([]);
    expect(pace).not.toHaveBeenCalled();
    expect(ledger.statusReads).toEqual([]);
    expect(ledger.recordCalls).toEqual([]);
    expect(disclosures.completeWorkCalls).toHaveLength(1);
  });

  it('sends a repeated message once and counts it once', async () => {
    // Prepare
    const { deps, mailer, disclosures, planned } = sender([aSubject('alice'), aSubject('bob')]);
    const message = planned(aNotifyMessage(['alice', 'bob']));
    const first = await sendChunk(deps, message);

    // Act
    const second = await sendChunk(deps, message);

    // Assess
    expect(second).toEqual(first);
    expect(mailer.mailed).toEqual(['alice@mail.example', 'bob@mail.example']);
    expect(disclosures.progress.notified).toBe(2);
    expect(disclosures.completeWorkCalls.map((call) => call.counted)).toEqual([true]);
  });
});

describe('sendChunk of intent notices (mode before)', () => {
  const PLANNED_AT = '2026-12-24T10:00:00.000Z';
  const announced = () => aDisclosure({ noticeMode: 'before', plannedAt: PLANNED_AT, intentAt: '2026-11-24T10:00:00.000Z', occurredAt: PLANNED_AT });
  const objectionUrl = async (disclosure: Disclosure, subjectId: string) => `https://links.example/o/${disclosure.disclosureId}.${subjectId}`;

  function intentSender(subjects: readonly Subject[], options: { mailer?: FakeMailer } = {}) {
    const parts = sender(subjects, { ...options, disclosure: announced(), progress: aProgress({ partsTotal: 1 }) });
    parts.deps.objectionUrl = objectionUrl;
    /** What the intent phase does before it publishes a chunk: a queued intent entry for each subject. */
    const announcedTo = (message: NoticeChunk): NoticeChunk => {
      void parts.ledger.writeIntentEntries(parts.disclosure, message.partKey, message.subjectIds);
      return message;
    };
    return { ...parts, announcedTo };
  }

  it("mails with the intent template of the chunk's locale, giving each subject their own objection link", async () => {
    // Prepare
    const { deps, mailer, disclosure, announcedTo } = intentSender([aSubject('alice', 'en'), aSubject('bob', 'en')]);

    // Act
    await sendChunk(deps, announcedTo(aNotifyMessage(['alice', 'bob'], 'en', 'intent#slice-0#en#0', 'slice-0', 'intent')));

    // Assess
    expect(mailer.calls).toHaveLength(1);
    const email = mailer.calls[0]!;
    expect(email.templateName).toBe(intentNoticeTemplateName('en'));
    expect(email.templateName).not.toBe(intentNoticeTemplateName('nl'));
    expect(DISCLOSURE_NOTICE_TEMPLATES.map((template) => template.name)).not.toContain(email.templateName);
    expect(email.entries.map((entry) => entry.to)).toEqual(['alice@mail.example', 'bob@mail.example']);
    expect(email.entries.map((entry) => (entry.replacementData as { addressee: { text: { objectionUrl: string } } }).addressee.text.objectionUrl)).toEqual([
      `https://links.example/o/${disclosure.disclosureId}.alice`,
      `https://links.example/o/${disclosure.disclosureId}.bob`,
    ]);
  });

  it('settles the intent entries, counted as intent notices, and leaves the ledger alone', async () => {
    // Prepare
    const answer = (email: BulkEmail): BulkEmailResult[] =>
      email.entries.map((entry) => (entry.to.startsWith('bob') ? { status: 'failed', error: 'MESSAGE_REJECTED' } : { status: 'sent', messageId: `ses-${entry.to}` }));
    const { deps, disclosure, disclosures, ledger, announcedTo } = intentSender([aSubject('alice'), aSubject('bob')], { mailer: new FakeMailer(answer) });

    // Act
    const counts = await sendChunk(deps, announcedTo(aNotifyMessage(['alice', 'bob', 'gone'], 'nl', 'intent#slice-0#nl#0', 'slice-0', 'intent')));

    // Assess
    expect(counts).toEqual({ notified: 1, failed: 1, suppressed: 1 });
    expect(ledger.statuses(disclosure, 'intent')).toEqual({ alice: 'sent', bob: 'failed', gone: 'suppressed' });
    expect(ledger.notice(disclosure, 'alice', 'intent')).toEqual({ status: 'sent', at: NOW, messageId: 'ses-alice@mail.example' });
    expect(ledger.statuses(disclosure)).toEqual({});
    expect(disclosures.counters('slice-0')).toEqual({ ...zeroCounters(), intentSubjects: 3, intentNotified: 1, intentFailed: 1, intentSuppressed: 1 });
    expect(ledger.recordCalls.every((call) => call.track === 'intent')).toBe(true);
  });

  it('does not mail a subject whose ledger notice is queued but who has no queued intent notice', async () => {
    // Prepare
    const { deps, mailer, disclosure, ledger } = intentSender([aSubject('alice')]);
    await ledger.writeEntries(disclosure, 'slice-0', [{ subjectId: 'alice', noticeStatus: 'queued' }]);

    // Act
    await sendChunk(deps, aNotifyMessage(['alice'], 'nl', 'intent#slice-0#nl#0', 'slice-0', 'intent'));

    // Assess
    expect(mailer.calls).toEqual([]);
  });

  it('refuses to send intent notices without objection links, before mailing, leaving them queued', async () => {
    // Prepare
    const { deps, mailer, disclosure, ledger, announcedTo } = intentSender([aSubject('alice')]);
    delete deps.objectionUrl;

    // Act
    const sending = sendChunk(deps, announcedTo(aNotifyMessage(['alice'], 'nl', 'intent#slice-0#nl#0', 'slice-0', 'intent')));

    // Assess
    await expect(sending).rejects.toThrow(/objection links/);
    expect(mailer.calls).toEqual([]);
    expect(ledger.status(disclosure, 'alice', 'intent')).toBe('queued');
  });
});

