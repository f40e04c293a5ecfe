import type { PolicyProfile } from '../policy/policy-profile';
import { headerSafe } from './escape';
import { webAddress } from './notice-format';
import { link } from './notice-html';
import type { Slot } from './notice-template';

/** What every erasure message names of the controller: who it is, where to write, where to complain. */
export interface ErasureProfileValues {
  controllerName: string;
  contactEmail: string;
  privacyEmail: string;
  authorityName: string;
  authorityWebsite: string;
}

/** Plain values, each one clean line; the authority's website checked to be http(s). */
export function erasureProfileValues(profile: PolicyProfile): ErasureProfileValues {
  return {
    controllerName: headerSafe(profile.legalName),
    contactEmail: headerSafe(profile.contactEmail),
    privacyEmail: headerSafe(profile.privacyEmail),
    authorityName: headerSafe(profile.supervisoryAuthority.name),
    authorityWebsite: webAddress(profile.supervisoryAuthority.website),
  };
}

/** The escaped HTML values with the authority's website as a link, as in the stored templates. */
export function authorityWebsiteLinked<K extends string>(escaped: Slot<K>): Slot<K> {
  return (key) => (key === 'authorityWebsite' ? link(escaped(key), escaped(key)) : escaped(key));
}
