import type { Disclosure, Recipient, Subject } from '../../shared/domain/disclosure/disclosure';
import type { ErasureRequest, StoredErasure } from '../../shared/domain/erasure/erasure-request';
import type { ErasureState } from '../../shared/domain/erasure/erasure-state';
import type { PolicyProfile } from '../../shared/domain/policy/policy-profile';
import type { NotifyMessage, WebhookCall } from '../../shared/messages/pipeline-messages';
import type { ErasureCompletionDependencies } from '../../shared/workflow/send-erasure-completion';
import type { ErasureRecipientNoticeDependencies } from '../../shared/workflow/send-erasure-recipient-notice';
import type { ExecuteErasureDependencies } from '../../shared/workflow/execute-erasure';
import type { StartErasureDependencies } from '../../shared/workflow/start-erasure';
import { CONTROLLER_ID, aDisclosure, aProfile, aSubject } from './factories';
import {
  FakeMailer,
  InMemoryDisclosureStore,
  InMemoryErasureRecipientStore,
  InMemoryErasureStore,
  InMemoryLedger,
  InMemoryRecipientStore,
  InMemorySubjectStore,
  InMemoryTimerStore,
  RecordingQueue,
  SettableClock,
} from './fakes';

export const ERASURE_ID = '01KB0ERASURE0000000000000A';
export const RECEIVED_AT = '2026-11-02T10:00:00.000Z';
export const STARTED_AT = '2026-11-23T09:00:00.000Z';
export const PUBLIC_BASE_URL = 'https://privacy.acme-care.example';
export const LINK_SECRET = new TextEncoder().encode('a-link-secret-of-at-least-32-bytes!');

export const aRequest = (overrides: Partial<ErasureRequest> = {}): ErasureRequest => ({
  controllerId: CONTROLLER_ID,
  erasureId: ERASURE_ID,
  subjectId: 'alice',
  receivedAt: RECEIVED_AT,
  channel: 'email',
  note: 'Mail of 2 November, from the address Alice registered',
  dueDate: '2026-12-02',
  recordedAt: '2026-11-02T10:05:00.000Z',
  ...overrides,
});

export const aStoredErasure = (state: ErasureState, overrides: Partial<StoredErasure> = {}): StoredErasure => ({
  request: aRequest(),
  state,
  dueDate: '2026-12-02',
  extendedMonths: 0,
  ...overrides,
});

/** A recipient of the subject's data, with its contacts. */
export const aRecipient = (recipientId: string, overrides: Partial<Recipient> = {}): Recipient => ({
  controllerId: CONTROLLER_ID,
  recipientId,
  name: `Recipient ${recipientId} B.V.`,
  kind: 'debt_collector',
  country: 'NL',
  contactEmail: `privacy@${recipientId}.example`,
  ...overrides,
});

/** A disclosure of the subject's data to a recipient, as its ledger entry snapshots it. */
export const disclosureTo = (recipient: Recipient, disclosureId: string, occurredAt: string, overrides: Partial<Disclosure> = {}): Disclosure =>
  aDisclosure({
    disclosureId,
    kind: 'debt_collection',
    recipient: { recipientId: recipient.recipientId, name: recipient.name, kind: recipient.kind, country: recipient.country },
    dataCategories: ['Name and address', 'Invoice details'],
    occurredAt,
    noticeMode: 'none',
    ...overrides,
  });

/**
 * What settling a request reads besides the request and its recipient items, for tests of the steps that may
 * complete it: the subject's ledger (empty, so no recipient turns up late), the recipients' items, the timers
 * a late recipient is armed with, and the controller's profile.
 */
export function noLateRecipients(profile: PolicyProfile = aProfile()) {
  const timers = new InMemoryTimerStore();
  return {
    ledger: new InMemoryLedger(new InMemoryDisclosureStore(undefined, undefined, {}, timers)),
    recipients: new InMemoryRecipientStore(),
    timers,
    findProfile: (_controllerId: string) => profile,
  };
}

/**
 * One controller's erasure world in memory, wired as the sender wires it: the request (seeded in `state`),
 * its subject, the subject's ledger, the recipients' items, and every store the workflows of erasure touch,
 * with the erasure store applying the recipients' puts and the subject's scrub its transactions carry.
 */
export function erasureWorld(
  options: {
    state?: ErasureState;
    stored?: Partial<StoredErasure>;
    subjects?: readonly Subject[];
    recipients?: readonly Recipient[];
    profile?: PolicyProfile;
    now?: string;
    webhooks?: boolean;
  } = {},
) {
  const profile = options.profile ?? aProfile();
  const timers = new InMemoryTimerStore();
  const erasures = new InMemoryErasureStore([aStoredErasure(options.state ?? 'in_progress', options.stored)], timers);
  const erasureRecipients = new InMemoryErasureRecipientStore(erasures);
  const subjects = new InMemorySubjectStore(options.subjects ?? [aSubject('alice', 'en', { name: 'Alice Jansen' })]);
  erasures.attach({ subjects });
  const disclosures = new InMemoryDisclosureStore(undefined, undefined, {}, timers);
  const ledger = new InMemoryLedger(disclosures);
  const recipients = new InMemoryRecipientStore(options.recipients ?? []);
  const notifyQueue = new RecordingQueue<NotifyMessage>();
  const webhookQueue = new RecordingQueue<WebhookCall>();
  const mailer = new FakeMailer();
  const clock = new SettableClock(options.now ?? STARTED_AT);
  const deps = {
    erasures,
    erasureRecipients,
    subjects,
    ledger,
    recipients,
    timers,
    notifyQueue,
    ...(options.webhooks ? { webhookQueue } : {}),
    mailer,
    findProfile: (controllerId: string) => (controllerId === CONTROLLER_ID ? profile : undefined),
    clock,
    configurationSet: 'notices',
    publicBaseUrl: PUBLIC_BASE_URL,
    linkSecret: async () => LINK_SECRET,
  } satisfies ExecuteErasureDependencies & ErasureRecipientNoticeDependencies & ErasureCompletionDependencies & StartErasureDependencies;

  /** Records that the subject's data went to the recipient in that disclosure (its ledger entry). */
  async function disclosed(disclosure: Disclosure, subjectIds: readonly string[] = ['alice'], noticeStatus: 'not_required' | 'held' | 'sent' = 'not_required') {
    if (!(await disclosures.disclosure(disclosure.controllerId, disclosure.disclosureId))) disclosures.seed(disclosure);
    await ledger.writeEntries(disclosure, 'slice-0', subjectIds.map((subjectId) => ({ subjectId, noticeStatus })));
  }

  const eventTypes = async () => (await erasures.events(CONTROLLER_ID, ERASURE_ID)).map((event) => event.type);
  const state = async () => (await erasures.get(CONTROLLER_ID, ERASURE_ID))?.state;
  return { deps, profile, timers, erasures, erasureRecipients, subjects, ledger, recipients, notifyQueue, webhookQueue, mailer, clock, disclosed, eventTypes, state };
}
