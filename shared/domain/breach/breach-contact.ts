import type { PolicyProfile } from '../policy/policy-profile';

/** Who a breach names as its contact point (Art. 33(3)(b), Art. 34(2)) and who is mailed the filing draft. */
export interface BreachContact {
  name: string;
  email: string;
  phone?: string;
}

/** The profile's data protection officer, or the contact point its policy gives where it names none. */
export function breachContactOf(profile: PolicyProfile): BreachContact {
  const { name, email, phone } = profile.breachContact;
  return phone === undefined ? { name, email } : { name, email, phone };
}
