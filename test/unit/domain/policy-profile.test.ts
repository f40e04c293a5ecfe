import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  InvalidPolicyProfileError,
  defineProfile,
  policyProfileSchema,
  type PolicyProfile,
} from '../../../shared/domain/policy/policy-profile';
import { POLICY_PROFILES, findProfile } from '../../../shared/domain/policy/profiles';
import { profileInput } from '../../helpers/factories';

const PROFILES_DIR = new URL('../../../shared/domain/policy/profiles/', import.meta.url);

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('defineProfile', () => {
  it('returns a valid profile as given', () => {
    // Prepare
    const input = profileInput();

    // Act
    const profile = defineProfile(input);

    // Assess
    expect(profile).toEqual(input);
  });

  it('refuses a sender address that is not an email address, naming sender.address', () => {
    // Prepare
    const input = profileInput({ sender: { ...profileInput().sender, address: 'privacy-at-acme' } });

    // Act
    const error = caught(() => defineProfile(input));

    // Assess
    expect(error).toBeInstanceOf(InvalidPolicyProfileError);
    expect((error as InvalidPolicyProfileError).fields).toEqual(['sender.address']);
    expect((error as Error).message).toContain('sender.address');
    expect((error as Error).message).toContain(input.controllerId);
  });

  it('refuses a default locale the profile does not write in, naming defaultLocale', () => {
    // Prepare
    const input = profileInput({ languages: ['nl'], defaultLocale: 'en' });

    // Act
    const error = caught(() => defineProfile(input));

    // Assess
    expect(error).toBeInstanceOf(InvalidPolicyProfileError);
    expect((error as InvalidPolicyProfileError).fields).toEqual(['defaultLocale']);
    expect((error as Error).message).toContain('defaultLocale');
  });

  it('names every broken field at once', () => {
    // Prepare
    const input = profileInput({ contactEmail: 'nobody', sender: { ...profileInput().sender, replyTo: 'also-nobody' } });

    // Act
    const error = caught(() => defineProfile(input)) as InvalidPolicyProfileError;

    // Assess
    expect(error).toBeInstanceOf(InvalidPolicyProfileError);
    expect([...error.fields].sort()).toEqual(['contactEmail', 'sender.replyTo']);
  });
});

describe('POLICY_PROFILES', () => {
  it('lists the profile of every file in profiles/, so a new profile file cannot be forgotten', async () => {
    // Prepare
    const files = readdirSync(PROFILES_DIR).filter((file) => file.endsWith('.ts') && file !== 'index.ts');

    // Act
    const exported = await Promise.all(
      files.map(async (file) => {
        const module = (await import(new URL(file, PROFILES_DIR).href)) as Record<string, unknown>;
        const profiles = Object.values(module).filter((value) => policyProfileSchema.safeParse(value).success);
        return { file, profiles: profiles as PolicyProfile[] };
      }),
    );

    // Assess
    expect(files.length).toBeGreaterThan(0);
    for (const { file, profiles } of exported) {
      expect(profiles, `${file} exports no policy profile`).not.toHaveLength(0);
      for (const profile of profiles) {
        expect(POLICY_PROFILES, `${file}: '${profile.controllerId}' is not listed in POLICY_PROFILES`).toContain(profile);
      }
    }
  });

  it('holds each controller once, and findProfile finds each', () => {
    // Act
    const ids = POLICY_PROFILES.map((profile) => profile.controllerId);

    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    for (const profile of POLICY_PROFILES) expect(findProfile(profile.controllerId)).toBe(profile);
    expect(findProfile('no-such-controller')).toBeUndefined();
  });
});
