import type { PolicyProfile } from '../policy-profile';
import { dentists4dentists } from './dentists4dentists';
import { dsoft } from './dsoft';
import { etsoft } from './etsoft';
import { softmedex } from './softmedex';
import { softshop } from './softshop';

/** Every controller this deployment serves. A new controller is one file beside this one, listed here. */
export const POLICY_PROFILES: readonly PolicyProfile[] = [softmedex, softshop, dentists4dentists, etsoft, dsoft];

const byId = new Map(POLICY_PROFILES.map((profile) => [profile.controllerId, profile]));

export function findProfile(controllerId: string): PolicyProfile | undefined {
  return byId.get(controllerId);
}
