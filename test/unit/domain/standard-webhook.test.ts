import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, WEBHOOK_TOLERANCE_SECONDS } from '../../../shared/domain/webhooks/standard-webhook';

// The test vector every Standard Webhooks library is checked against.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: new Date(1614265330 * 1000),
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const SECRET = 'whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVoxMjM0NTY=';
const NOW = new Date('2027-03-10T09:00:00.000Z');
const BODY = JSON.stringify({ type: 'erasure.requested', erasureId: '01KB0ERASURE0000000000000A' });

const signed = (body = BODY, at = NOW) => ({ body, headers: signWebhook(SECRET, { id: 'msg_1', timestamp: at, body }) });

describe('signWebhook', () => {
  it('signs as the Standard Webhooks spec does: its own test vector', () => {
    expect(signWebhook(SPEC.secret, SPEC)).toEqual({ 'webhook-id': SPEC.id, 'webhook-timestamp': '1614265330', 'webhook-signature': SPEC.signature });
  });

  it("is accepted by the spec's own library, as a recipient would check it", () => {
    const now = new Date();
    const headers = signWebhook(SECRET, { id: 'msg_1', timestamp: now, body: BODY });
    expect(new Webhook(SECRET).verify(BODY, { ...headers })).toEqual(JSON.parse(BODY));
  });
});

describe('verifyWebhook', () => {
  it('accepts a call as it was signed, at any time within the tolerance', () => {
    const { body, headers } = signed();
    expect(verifyWebhook(SECRET, body, { ...headers }, NOW)).toBe(true);
    expect(verifyWebhook(SECRET, body, { ...headers }, new Date(NOW.getTime() + WEBHOOK_TOLERANCE_SECONDS * 1000))).toBe(true);
    expect(verifyWebhook(SPEC.secret, SPEC.body, { 'webhook-id': SPEC.id, 'webhook-timestamp': '1614265330', 'webhook-signature': SPEC.signature }, SPEC.timestamp)).toBe(true);
  });

  it('refuses a tampered body, id or timestamp', () => {
    const { body, headers } = signed();
    expect(verifyWebhook(SECRET, body.replace('requested', 'reminder'), { ...headers }, NOW)).toBe(false);
    expect(verifyWebhook(SECRET, body, { ...headers, 'webhook-id': 'msg_2' }, NOW)).toBe(false);
    expect(verifyWebhook(SECRET, body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 1) }, NOW)).toBe(false);
  });

  it('refuses another secret, a replay after the tolerance, a missing header and a malformed timestamp', () => {
    const { body, headers } = signed();
    const other = 'whsec_' + Buffer.from('another key of thirty-two bytes!').toString('base64');
    expect(verifyWebhook(other, body, { ...headers }, NOW)).toBe(false);
    expect(verifyWebhook(SECRET, body, { ...headers }, new Date(NOW.getTime() + (WEBHOOK_TOLERANCE_SECONDS + 1) * 1000))).toBe(false);
    expect(verifyWebhook(SECRET, body, { 'webhook-id': headers['webhook-id'], 'webhook-timestamp': headers['webhook-timestamp'] }, NOW)).toBe(false);
    expect(verifyWebhook(SECRET, body, { ...headers, 'webhook-timestamp': '1.8e9' }, NOW)).toBe(false);
  });

  it('finds a valid signature among several (a secret being rotated) and reads headers in any case', () => {
    const { body, headers } = signed();
    const several = { 'Webhook-Id': headers['webhook-id'], 'Webhook-Timestamp': headers['webhook-timestamp'], 'Webhook-Signature': `v1,bm90IGl0 ${headers['webhook-signature']}` };
    expect(verifyWebhook(SECRET, body, several, NOW)).toBe(true);
  });
});
