import type { PolicyProfile } from '../policy-profile';
import { softmedex } from './softmedex';

/** Every controller this deployment serves. A new controller is one file beside this one, listed here. */
export const POLICY_PROFILES: readonly PolicyProfile[] = [softmedex];

const byId = new Map(POLICY_PROFILES.map((profile) => [profile.controllerId, profile]));

export function findProfile(controllerId: string): PolicyProfile | undefined {
  return byId.get(controllerId);
}
