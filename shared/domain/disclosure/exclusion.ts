import type { Disclosure, ExclusionReason, SharingPreferences } from './disclosure';

/**
 * Why a subject is left out of a disclosure's audience, if they are: they asked the controller to stop
 * this kind of sharing, or the policy needs their prior consent and they never gave it.
 */
export function exclusionReason(
  disclosure: Pick<Disclosure, 'kind' | 'requiresPriorConsent' | 'honoursOptOut'>,
  preferences: SharingPreferences | undefined,
): ExclusionReason | undefined {
  if (disclosure.honoursOptOut && preferences?.stopSharing.includes(disclosure.kind)) return 'opted_out';
  if (disclosure.requiresPriorConsent && !preferences?.consentTo.includes(disclosure.kind)) return 'no_consent';
  return undefined;
}
