import type { DisclosureStore } from '../adapters/dynamo/disclosure-store';
import type { Clock } from '../domain/clock';
import { disclosureStatus } from '../domain/disclosure/disclosure-status';

/** Records, once, that every notice of a disclosure has settled (sent, failed, suppressed or not required). */
export async function settleIfComplete(
  store: Pick<DisclosureStore, 'get' | 'appendEvent'>,
  clock: Clock,
  controllerId: string,
  disclosureId: string,
): Promise<boolean> {
  // A lost race against another event append is retried; a lost race against another settle ends here.
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await store.get(controllerId, disclosureId);
    if (!stored || stored.completedAt || disclosureStatus(stored.progress, stored.phases) !== 'completed') return false;
    const now = clock.now().toISOString();
    const { subjects, notified, failed, suppressed, notRequired, excludedNoConsent, excludedOptedOut, excludedObjected, excludedErased } = stored.progress;
    const appended = await store.appendEvent({
      controllerId,
      disclosureId,
      type: 'disclosure.notices_settled',
      data: {
        subjects,
        notified,
        failed,
        suppressed,
        notRequired,
        excluded: { no_consent: excludedNoConsent, opted_out: excludedOptedOut, objected: excludedObjected, erased: excludedErased },
      },
      at: now,
      stateChanges: { completedAt: now },
      guard: 'attribute_not_exists(completedAt)',
    });
    if (appended) return true;
  }
  return false;
}
