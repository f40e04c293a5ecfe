import { Token } from 'aws-cdk-lib';
import type { PolicyProfile } from '../shared/domain/policy/policy-profile';

/** The origin links in notices use: an https URL with no path (links are `<origin>/o/<token>`), or synth fails. */
export function checkPublicBaseUrl(value: string): string {
  if (Token.isUnresolved(value)) return value;
  const problem = `publicBaseUrl must be an https URL without a path, query or fragment, such as https://privacy.example.com; got "${value}"`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(problem);
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash || url.username || url.password || value.trim() !== value) {
    throw new Error(problem);
  }
  return url.origin;
}

/** A profile whose sender sits outside every verified domain could not send a single notice: fail synth instead. */
export function checkSendersCovered(profiles: readonly PolicyProfile[], senderDomains: readonly string[]): void {
  if (senderDomains.length === 0) return;
  const uncovered = profiles.filter((profile) => {
    const domain = profile.sender.address.split('@')[1]!.toLowerCase();
    return !senderDomains.some((verified) => domain === verified.toLowerCase() || domain.endsWith(`.${verified.toLowerCase()}`));
  });
  if (uncovered.length > 0) {
    throw new Error(
      `Sender addresses outside the verified senderDomains (${senderDomains.join(', ')}): ` +
        uncovered.map((profile) => `${profile.controllerId} sends from ${profile.sender.address}`).join('; '),
    );
  }
}
