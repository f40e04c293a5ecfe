import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPipeline, type LocalPipeline } from '../../../scripts/local/runtime';
import { dueInstant, reminderInstants } from '../../../shared/domain/erasure/deadline';
import { softmedex as softmedexProfile } from '../../../shared/domain/policy/profiles/softmedex';
import { localPipelineClient, type StoredEmail } from '../../helpers/local-pipeline-client';

/**
 * The clocks of erasure requests at Softmedex (issue 4), on the local pipeline with the sweeper driven
 * through simulated time: a request never confirmed is reminded once and lapses; the legal team is reminded
 * 7 days and 1 day before a due date and told when it has passed; an extension moves those reminders.
 * Three requests are received together, so one sweep at a time fires whatever of the three is due.
 */
let pipeline: LocalPipeline;
let api: ReturnType<typeof localPipelineClient>;
const scopes = { scopes: ['subjects:write', 'erasures:write', 'erasures:read'] };
const LEGAL_TEAM = softmedexProfile.legalTeamEmail;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const subjects = {
  ann: { email: 'ann@example.com', locale: 'en', name: 'Ann Smith' },
  bob: { email: 'bob@example.nl', locale: 'nl', name: 'Bob de Vries' },
  carol: { email: 'carol@example.com', locale: 'en', name: 'Carol Jones' },
};
type Name = keyof typeof subjects;

const verifyLink = (email: StoredEmail | undefined) => /https?:\/\/\S+\/v\/[A-Za-z0-9._~-]+/.exec(email?.body.text ?? '')?.[0];
const erasure = async (erasureId: string) => (await api.request('GET', `/v1/controllers/softmedex/erasures/${erasureId}`, scopes)).body;
const eventTypes = async (erasureId: string): Promise<string[]> => (await erasure(erasureId)).evidence.events.map((event: { type: string }) => event.type);
const sweepAt = async (at: number | string) => {
  await api.runSweeper(new Date(at));
  await pipeline.waitForIdle({ timeoutMs: 60_000 });
};
const instant = (iso: string) => Date.parse(iso);

beforeAll(async () => {
  pipeline = await startLocalPipeline({ quiet: true });
  api = localPipelineClient(pipeline);
  for (const [subjectId, body] of Object.entries(subjects)) {
    expect((await api.request('PUT', `/v1/controllers/softmedex/subjects/${subjectId}`, { ...scopes, body })).status).toBe(204);
  }
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('the clocks of three erasure requests received together', () => {
  const ids = {} as Record<Name, string>;
  let annLink: string;
  /** The due date all three start with, and Carol's once extended. */
  let dueDate: string;
  let extendedDueDate: string;

  it('records them; Bob and Carol confirm, Ann never does; Carol’s deadline is extended by a month', async () => {
    const receivedAt = new Date(Date.now() - MINUTE).toISOString();
    for (const subjectId of Object.keys(subjects) as Name[]) {
      const response = await api.request('POST', '/v1/controllers/softmedex/erasures', { ...scopes, body: { subjectId, receivedAt, channel: 'email' } });
      expect(response.status).toBe(202);
      ids[subjectId] = response.body.erasureId;
      dueDate = response.body.dueDate;
    }
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    for (const subjectId of ['bob', 'carol'] as const) {
      const [email] = await api.emailsTo(subjects[subjectId].email);
      expect((await api.publicRequest('POST', verifyLink(email)!)).status).toBe(200);
    }
    annLink = verifyLink((await api.emailsTo(subjects.ann.email))[0])!;
    const extended = await api.request('POST', `/v1/controllers/softmedex/erasures/${ids.carol}/extension`, {
      ...scopes,
      body: { reason: 'Your data sits in six systems that we must search one by one', months: 1 },
    });
    expect(extended.status).toBe(200);
    extendedDueDate = extended.body.dueDate;
    await pipeline.waitForIdle({ timeoutMs: 60_000 });
    await api.clearEmails();

    expect((await erasure(ids.ann)).state).toBe('awaiting_verification');
    expect((await erasure(ids.bob)).state).toBe('verified');
    expect(extendedDueDate > dueDate).toBe(true);
  });

  it('reminds Ann once, halfway through the period, with a link that still works; nobody else hears', async () => {
    const { verificationLapseDays } = softmedexProfile.requests;
    const sentAt = instant((await erasure(ids.ann)).verificationExpiresAt) - verificationLapseDays * DAY;
    const halfway = sentAt + Math.ceil(verificationLapseDays / 2) * DAY;

    await sweepAt(halfway - MINUTE);
    expect(await api.emails()).toHaveLength(0);

    await sweepAt(halfway + MINUTE);
    await sweepAt(halfway + 2 * MINUTE);
    const emails = await api.emails();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.destination.to).toEqual([subjects.ann.email]);
    expect(emails[0]!.subject).toMatch(/^Reminder: please confirm/);
    expect(emails[0]!.body.text).toContain('We have not received your confirmation yet.');
    const link = verifyLink(emails[0]);
    expect(link).toBeDefined();
    expect((await api.publicRequest('GET', link!)).status).toBe(200);
    expect((await eventTypes(ids.ann)).filter((type) => type === 'erasure.verification_reminded')).toHaveLength(1);
  });

  it('lets Ann’s request lapse when the link expires: recorded, no email, and the link then shows it closed', async () => {
    await api.clearEmails();
    const expiresAt = instant((await erasure(ids.ann)).verificationExpiresAt);

    await sweepAt(expiresAt + MINUTE);

    const request = await erasure(ids.ann);
    expect(request.state).toBe('lapsed');
    expect(request.evidence.chainIntact).toBe(true);
    const lapsed = request.evidence.events.find((event: { type: string }) => event.type === 'erasure.lapsed');
    expect(lapsed.data).toMatchObject({ verificationExpiresAt: request.verificationExpiresAt, from: 'awaiting_verification', to: 'lapsed' });
    expect(await api.emails()).toHaveLength(0);
    const page = await api.publicRequest('GET', annLink);
    expect(page.status).toBe(409);
    expect(page.text).toContain('This request can no longer be confirmed');
    // Confirming now changes nothing.
    expect((await api.publicRequest('POST', annLink)).status).toBe(409);
    expect((await erasure(ids.ann)).state).toBe('lapsed');
  });

  it('reminds the legal team of Bob’s request 7 days and 1 day before its due date, once each, by ids only', async () => {
    const [week, day] = reminderInstants(dueDate, 'NL').map((reminder) => instant(reminder.at));
    await api.clearEmails();

    await sweepAt(week! - MINUTE);
    expect(await api.emails()).toHaveLength(0);

    await sweepAt(week! + MINUTE);
    await sweepAt(week! + 2 * MINUTE);
    const weekEmails = await api.emails();
    // Ann's request lapsed and Carol's was extended: only Bob's is due on this date.
    expect(weekEmails).toHaveLength(1);
    expect(weekEmails[0]!.destination.to).toEqual([LEGAL_TEAM]);
    expect(weekEmails[0]!.subject).toContain(ids.bob);
    expect(weekEmails[0]!.subject).toContain('over 7 dagen');
    expect(weekEmails[0]!.body.text).toContain('bob');
    for (const secret of [subjects.bob.email, subjects.bob.name]) expect(JSON.stringify(weekEmails[0])).not.toContain(secret);

    await api.clearEmails();
    await sweepAt(day! + MINUTE);
    await sweepAt(day! + 2 * MINUTE);
    const dayEmails = await api.emails();
    expect(dayEmails).toHaveLength(1);
    expect(dayEmails[0]!.destination.to).toEqual([LEGAL_TEAM]);
    expect(dayEmails[0]!.subject).toContain(ids.bob);
    expect(dayEmails[0]!.subject).toContain('morgen');
  });

  it('flags Bob’s request overdue once its due date has passed, with one alert; Carol’s is not', async () => {
    await api.clearEmails();
    const due = instant(dueInstant(dueDate, 'NL'));

    await sweepAt(due);
    expect((await erasure(ids.bob)).overdueAt).toBeUndefined();
    expect(await api.emails()).toHaveLength(0);

    await sweepAt(due + MINUTE);
    await sweepAt(due + 2 * MINUTE);
    const bob = await erasure(ids.bob);
    expect(bob.overdueAt).toBeDefined();
    expect(bob.evidence.events.filter((event: { type: string }) => event.type === 'erasure.overdue')).toHaveLength(1);
    expect(bob.evidence.chainIntact).toBe(true);
    const emails = await api.emails();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.destination.to).toEqual([LEGAL_TEAM]);
    expect(emails[0]!.subject).toContain(ids.bob);
    expect(emails[0]!.subject).toContain('te laat');
    expect((await erasure(ids.carol)).overdueAt).toBeUndefined();
    expect((await erasure(ids.ann)).overdueAt).toBeUndefined();
  });

  it('reminds the legal team of Carol’s request before its new due date instead', async () => {
    await api.clearEmails();
    const [week] = reminderInstants(extendedDueDate, 'NL').map((reminder) => instant(reminder.at));

    await sweepAt(week! + MINUTE);

    const emails = await api.emails();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.destination.to).toEqual([LEGAL_TEAM]);
    expect(emails[0]!.subject).toContain(ids.carol);
    expect(emails[0]!.subject).toContain('over 7 dagen');
    expect((await erasure(ids.carol)).overdueAt).toBeUndefined();
  });
});
