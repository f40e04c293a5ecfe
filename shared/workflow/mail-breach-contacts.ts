import type { BreachStore } from '../adapters/dynamo/breach-store';
import type { Mailer } from '../adapters/ses/mailer';
import { breachContactOf } from '../domain/breach/breach-contact';
import type { RenderedEmail } from '../domain/notice/rendered-email';
import type { PolicyProfile } from '../domain/policy/policy-profile';
import { mailFromController } from './mail-from-controller';

export interface BreachContactMailDependencies {
  breaches: Pick<BreachStore, 'finishedWork' | 'completeWork'>;
  mailer: Pick<Mailer, 'sendOne'>;
  configurationSet?: string;
}

/** Where the DPO's mails about a breach go: the breach contact and the privacy address, once when they are one. */
export function breachMailAddresses(profile: PolicyProfile): string[] {
  const addresses = [breachContactOf(profile).email, profile.privacyEmail];
  const normal = (address: string) => address.trim().toLowerCase();
  return addresses.filter((address, index) => addresses.findIndex((other) => normal(other) === normal(address)) === index);
}

/**
 * Mails the breach contact and the privacy address from the controller's sender, each once per unit of work:
 * a marker per address, so a retry after one of the two was mailed mails only the other. Returns how many
 * addresses the unit of work mailed.
 */
export async function mailBreachContacts(
  deps: BreachContactMailDependencies,
  profile: PolicyProfile,
  breachId: string,
  workId: string,
  email: RenderedEmail,
  now: string,
): Promise<number> {
  const addresses = breachMailAddresses(profile);
  for (const [index, address] of addresses.entries()) {
    const addressWorkId = `${workId}#to-${index + 1}`;
    if (await deps.breaches.finishedWork(profile.controllerId, breachId, addressWorkId)) continue;
    await mailFromController(deps, profile, address, email);
    await deps.breaches.completeWork(profile.controllerId, breachId, addressWorkId, now);
  }
  return addresses.length;
}
