import { describe, expect, it } from 'vitest';
import { erasureWebhookBody, type ErasureWebhookInput } from '../../../shared/domain/webhooks/erasure-webhook-body';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJjIjoic29mdG1lZGV4In0.c2lnbmF0dXJl';
const input: ErasureWebhookInput = {
  step: 'notice',
  erasureId: '01KB0ERASURE0000000000000A',
  controller: { controllerId: 'softmedex', legalName: 'Softmedex' },
  subject: { subjectId: 'ann', email: 'ann@example.com', name: 'Ann Smith' },
  disclosures: [
    { disclosureId: 'd-1', kind: 'merger_acquisition', dataCategories: ['Name', 'Email address'], disclosedAt: '2026-11-22T23:30:00Z' },
    { disclosureId: 'd-2', kind: 'processor_handoff', dataCategories: ['Chat history'], disclosedAt: '2027-01-05T10:00:00Z' },
  ],
  ackToken: TOKEN,
  publicBaseUrl: 'https://privacy.example.com',
  sentAt: new Date('2027-03-10T09:00:00.000Z'),
};

describe('erasureWebhookBody', () => {
  it('names the request, the controller, the subject, what the recipient received and both ways to answer', () => {
    expect(erasureWebhookBody(input)).toEqual({
      type: 'erasure.requested',
      erasureId: '01KB0ERASURE0000000000000A',
      controller: { id: 'softmedex', legalName: 'Softmedex' },
      subject: { reference: 'ann', email: 'ann@example.com', name: 'Ann Smith' },
      disclosures: input.disclosures,
      answer: {
        url: `https://privacy.example.com/v1/public/acks/${TOKEN}`,
        page: `https://privacy.example.com/a/${TOKEN}`,
        options: ['erased', 'not_held', 'refused'],
      },
      sentAt: '2027-03-10T09:00:00.000Z',
    });
  });

  it('is a reminder for the reminder step, and leaves out a name the controller does not have', () => {
    const body = erasureWebhookBody({ ...input, step: 'reminder', subject: { subjectId: 'bob', email: 'bob@example.com' } });
    expect(body.type).toBe('erasure.reminder');
    expect(body.subject).toEqual({ reference: 'bob', email: 'bob@example.com' });
    expect('name' in body.subject).toBe(false);
  });

  it('keeps only the fields of each disclosure the recipient is told, whatever else the record carries', () => {
    const extra = { ...input.disclosures[0]!, purpose: 'internal note' } as ErasureWebhookInput['disclosures'][number];
    expect(erasureWebhookBody({ ...input, disclosures: [extra] }).disclosures).toEqual([input.disclosures[0]]);
  });

  it('builds the answer URLs on the deployment base URL, with no path of its own', () => {
    const body = erasureWebhookBody({ ...input, publicBaseUrl: 'http://127.0.0.1:4010' });
    expect(body.answer.url).toBe(`http://127.0.0.1:4010/v1/public/acks/${TOKEN}`);
    expect(body.answer.page).toBe(`http://127.0.0.1:4010/a/${TOKEN}`);
  });
});
