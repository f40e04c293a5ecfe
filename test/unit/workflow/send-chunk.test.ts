import { describe, expect, it, vi } from 'vitest';
import type { BulkEmail, BulkEmailResult } from '../../../shared/adapters/ses/mailer';
import type { DisclosureProgress } from '../../../shared/domain/disclosure/disclosure-status';
import type { Subject } from '../../../shared/domain/disclosure/disclosure';
import { DISCLOSURE_NOTICE_TEMPLATES } from '../../../shared/domain/notice/disclosure-notice-template';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { sendChunk, type SenderDependencies } from '../../../shared/workflow/send-chunk';
import { CONTROLLER_ID, aDisclosure, aNotifyMessage, aProfile, aProgress, aSubject } from '../../helpers/factories';
import { FakeMailer, InMemoryDisclosureStore, InMemorySubjectStore, fixedClock } from '../../helpers/fakes';

const NOW = '2026-11-24T10:00:00.000Z';

function sender(
  subjects: readonly Subject[],
  {
    mailer = new FakeMailer(),
    profile = aProfile(),
    progress = aProgress({ partsTotal: 2, partsPlanned: 1, subjects: 100 }),
  }: { mailer?: FakeMailer; profile?: PolicyProfile; progress?: DisclosureProgress } = {},
) {
  const order: string[] = [];
  const disclosure = aDisclosure();
  const disclosures = new InMemoryDisclosureStore(disclosure, progress);
  const pace = vi.fn(async (_messages: number) => {
    order.push('pace');
  });
  const sendBulk = mailer.sendBulk.bind(mailer);
  mailer.sendBulk = async (email: BulkEmail) => {
    order.push('sendBulk');
    return sendBulk(email);
  };
  const deps: SenderDependencies = {
    disclosures,
    subjects: new InMemorySubjectStore(subjects),
    mailer,
    findProfile: (controllerId) => (controllerId === profile.controllerId ? profile : undefined),
    pace,
    clock: fixedClock(NOW),
    configurationSet: 'notices',
  };
  return { deps, disclosure, disclosures, mailer, pace, order, profile };
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
    const { deps, mailer, profile, disclosure } = sender(subjects);

    // Act
    await sendChunk(deps, aNotifyMessage(['alice', 'bob'], 'en'));

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
    const { deps, mailer } = sender([aSubject('anna', 'nl')]);

    // Act
    await sendChunk(deps, aNotifyMessage(['anna'], 'nl'));

    // Assess
    const nlTemplate = DISCLOSURE_NOTICE_TEMPLATES.find((template) => template.locale === 'nl')!;
    const enTemplate = DISCLOSURE_NOTICE_TEMPLATES.find((template) => template.locale === 'en')!;
    expect(mailer.calls[0]!.templateName).toBe(nlTemplate.name);
    expect(nlTemplate.name).not.toBe(enTemplate.name);
  });

  it('suppresses, and does not mail, subjects erased since the plan', async () => {
    // Prepare
    const { deps, mailer, disclosures } = sender([aSubject('alice', 'nl'), aSubject('carol', 'nl')]);

    // Act
    const counts = await sendChunk(deps, aNotifyMessage(['alice', 'erased-bob', 'carol'], 'nl'));

    // Assess
    expect(mailer.calls[0]!.entries.map((entry) => entry.to)).toEqual(['alice@mail.example', 'carol@mail.example']);
    expect(counts).toEqual({ notified: 2, failed: 0, suppressed: 1 });
    expect(disclosures.notices.get('erased-bob')).toEqual({ subjectId: 'erased-bob', status: 'suppressed' });
  });

  it('records sent, failed and suppressed notices and their counts in one completeWork', async () => {
    // Prepare
    const answer = (email: BulkEmail): BulkEmailResult[] =>
      email.entries.map((entry) =>
        entry.to.startsWith('bob') ? { status: 'failed', error: 'MESSAGE_REJECTED' } : { status: 'sent', messageId: `ses-${entry.to}` },
      );
    const { deps, disclosures } = sender([aSubject('alice'), aSubject('bob'), aSubject('carol')], { mailer: new FakeMailer(answer) });
    const message = aNotifyMessage(['alice', 'bob', 'gone', 'carol'], 'nl', 'plan#shard-3##nl#1');

    // Act
    const counts = await sendChunk(deps, message);

    // Assess
    expect(counts).toEqual({ notified: 2, failed: 1, suppressed: 1 });
    expect(disclosures.completeWorkCalls).toHaveLength(1);
    const call = disclosures.completeWorkCalls[0]!;
    expect(call).toMatchObject({ controllerId: CONTROLLER_ID, workId: message.workId, increments: counts, now: NOW });
    expect([...call.notices].sort((a, b) => a.subjectId.localeCompare(b.subjectId))).toEqual([
      { subjectId: 'alice', status: 'sent', messageId: 'ses-alice@mail.example' },
      { subjectId: 'bob', status: 'failed' },
      { subjectId: 'carol', status: 'sent', messageId: 'ses-carol@mail.example' },
      { subjectId: 'gone', status: 'suppressed' },
    ]);
  });

  it('paces by the number of subjects mailed, before mailing', async () => {
    // Prepare
    const { deps, pace, order } = sender([aSubject('a1'), aSubject('a2'), aSubject('a3')]);

    // Act
    await sendChunk(deps, aNotifyMessage(['a1', 'gone', 'a2', 'a3'], 'nl'));

    // Assess
    expect(pace).toHaveBeenCalledTimes(1);
    expect(pace).toHaveBeenCalledWith(3);
    expect(order).toEqual(['pace', 'sendBulk']);
  });

  it('neither paces nor mails when every subject of the chunk is gone', async () => {
    // Prepare
    const { deps, mailer, pace, disclosures } = sender([]);

    // Act
    const counts = await sendChunk(deps, aNotifyMessage(['gone-1', 'gone-2'], 'nl'));

    // Assess
    expect(mailer.calls).toEqual([]);
    expect(pace).not.toHaveBeenCalled();
    expect(counts).toEqual({ notified: 0, failed: 0, suppressed: 2 });
    expect(disclosures.progress.suppressed).toBe(2);
  });

  it('lets a mailer error through, so the queue retries, and records nothing', async () => {
    // Prepare
    const mailer = new FakeMailer(() => {
      throw new Error('Throttling: Maximum sending rate exceeded');
    });
    const { deps, disclosures } = sender([aSubject('alice')], { mailer });

    // Act
    const sending = sendChunk(deps, aNotifyMessage(['alice'], 'nl'));

    // Assess
    await expect(sending).rejects.toThrow(/Maximum sending rate/);
    expect(disclosures.completeWorkCalls).toEqual([]);
    expect(disclosures.events).toEqual([]);
  });

  it('settles the disclosure when its last chunk is recorded', async () => {
    // Prepare
    const progress = aProgress({ partsTotal: 1, partsPlanned: 1, subjects: 3, notified: 1 });
    const { deps, disclosures } = sender([aSubject('bob'), aSubject('carol')], { progress });

    // Act
    await sendChunk(deps, aNotifyMessage(['bob', 'carol'], 'nl'));

    // Assess
    expect(disclosures.events).toHaveLength(1);
    expect(disclosures.events[0]).toMatchObject({
      type: 'disclosure.notices_settled',
      data: { subjects: 3, notified: 3, failed: 0, suppressed: 0 },
    });
  });

  it('refuses a chunk of a controller without a profile, before mailing', async () => {
    // Prepare
    const { deps, mailer } = sender([aSubject('alice')]);

    // Act
    const sending = sendChunk({ ...deps, findProfile: () => undefined }, aNotifyMessage(['alice'], 'nl'));

    // Assess
    await expect(sending).rejects.toThrow(/unknown controller/);
    expect(mailer.calls).toEqual([]);
  });

  it('keeps the From header one line with one address, whatever the sender name holds', async () => {
    // Prepare
    const profile = aProfile({
      sender: { address: 'notices@acme-care.example', name: 'Acme "Care"\r\nBcc: all@evil.example', replyTo: 'dpo@acme-care.example' },
    });
    const { deps, mailer } = sender([aSubject('alice')], { profile });

    // Act
    await sendChunk(deps, aNotifyMessage(['alice'], 'nl'));

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
    const { deps, mailer } = sender([aSubject('alice')], { profile });

    // Act
    await sendChunk(deps, aNotifyMessage(['alice'], 'nl'));

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
    const { deps, mailer, pace, disclosures } = sender(subjects);
    deps.maxPerCall = 20;

    await sendChunk(deps, aNotifyMessage(subjects.map((subject) => subject.subjectId)));

    expect(mailer.calls.map((call) => call.entries.length)).toEqual([20, 20, 10]);
    expect(pace.mock.calls.map(([messages]) => messages)).toEqual([20, 20, 10]);
    expect(mailer.calls.flatMap((call) => call.entries.map((entry) => entry.to))).toEqual(subjects.map((subject) => subject.email));
    expect(disclosures.completeWorkCalls).toHaveLength(1);
    expect(disclosures.completeWorkCalls[0]!.notices.filter((notice) => notice.status === "sent")).toHaveLength(50);
  });
});
