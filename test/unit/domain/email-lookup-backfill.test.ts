import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emailLookup } from '../../../shared/domain/subject/email-lookup';
import { emailLookupBackfill } from '../../../shared/domain/subject/email-lookup-backfill';

const KEY = new TextEncoder().encode('k'.repeat(64));
const ROTATED = new TextEncoder().encode('r'.repeat(64));
const subject = { pk: 'C#softmedex#S#ann', sk: 'SUBJECT', controllerId: 'softmedex', subjectId: 'ann', email: 'Ann@Example.com', locale: 'en' };
const keyed = emailLookup(KEY, 'softmedex', 'ann@example.com');

describe('emailLookupBackfill', () => {
  it('sets the keyed lookup on a subject that has none', () => {
    expect(emailLookupBackfill(subject, KEY)).toEqual({ action: 'set', email: 'Ann@Example.com', emailLookup: keyed });
  });

  it('replaces the plain SHA-256 lookup of before', () => {
    const unkeyed = `C#softmedex#EMAIL#${createHash('sha256').update('ann@example.com').digest('hex')}`;
    expect(emailLookupBackfill({ ...subject, emailLookup: unkeyed }, KEY)).toEqual({ action: 'set', email: 'Ann@Example.com', emailLookup: keyed });
  });

  it('replaces a lookup keyed under a link key since rotated', () => {
    const before = emailLookup(ROTATED, 'softmedex', 'ann@example.com');
    expect(emailLookupBackfill({ ...subject, emailLookup: before }, KEY)).toEqual({ action: 'set', email: 'Ann@Example.com', emailLookup: keyed });
  });

  it('replaces the lookup of an address the subject no longer has', () => {
    const former = emailLookup(KEY, 'softmedex', 'ann@old.example');
    expect(emailLookupBackfill({ ...subject, emailLookup: former }, KEY)).toMatchObject({ action: 'set', emailLookup: keyed });
  });

  it('leaves a lookup that is current as it is', () => {
    expect(emailLookupBackfill({ ...subject, emailLookup: keyed }, KEY)).toEqual({ action: 'skip', why: 'current' });
  });

  it('keys a subject being erased while it still has an address', () => {
    const beingErased = { ...subject, erasure: { erasureId: 'e-1', startedAt: '2026-11-20T09:00:00.000Z' } };
    expect(emailLookupBackfill(beingErased, KEY)).toMatchObject({ action: 'set', emailLookup: keyed });
  });

  it('leaves an erased subject, which has no address, without a lookup', () => {
    const erased = { pk: subject.pk, sk: 'SUBJECT', controllerId: 'softmedex', subjectId: 'ann', erasedAt: '2026-11-22T09:00:00.000Z' };
    expect(emailLookupBackfill(erased, KEY)).toEqual({ action: 'skip', why: 'no-address' });
  });

  it('leaves every item that is not a subject, even one carrying an address', () => {
    const recipient = { pk: 'C#softmedex#R#acme', sk: 'RECIPIENT', controllerId: 'softmedex', email: 'privacy@acme.example' };
    const audience = { pk: 'C#softmedex#AUDIENCE#3', sk: 'ann', controllerId: 'softmedex', subjectId: 'ann' };
    expect(emailLookupBackfill(recipient, KEY)).toEqual({ action: 'skip', why: 'not-a-subject' });
    expect(emailLookupBackfill(audience, KEY)).toEqual({ action: 'skip', why: 'not-a-subject' });
  });
});
