import { SESv2Client, SendBulkEmailCommand, SendEmailCommand, type BulkEmailStatus } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesMailer, type BulkEmail, type SingleEmail } from '../../../shared/adapters/ses/mailer';
import '../../helpers/aws-matchers';

const ses = mockClient(SESv2Client);

const email: BulkEmail = {
  from: '"Acme Care Privacy" <notices@acme-care.example>',
  replyTo: ['dpo@acme-care.example'],
  templateName: 'disclosure-notice-nl',
  defaultData: { text: { recipientName: 'Nordhealth' }, html: { recipientName: 'Nordhealth &amp; Co' } },
  configurationSet: 'notices',
  entries: [
    { to: 'alice@mail.example', replacementData: { addressee: { text: { greeting: 'Beste Alice,' } } } },
    { to: 'bob@mail.example', replacementData: { addressee: { text: { greeting: 'Beste Bob,' } } } },
    { to: 'carol@mail.example', replacementData: { addressee: { text: { greeting: 'Geachte heer/mevrouw,' } } } },
  ],
};

describe('SesMailer', () => {
  beforeEach(() => {
    ses.reset();
  });

  it('sends one SendBulkEmail with the template, its data, and one entry per destination', async () => {
    // Prepare
    ses.on(SendBulkEmailCommand).resolves({ BulkEmailEntryResults: email.entries.map(() => ({ Status: 'SUCCESS' })) });
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-1' }));

    // Act
    await mailer.sendBulk(email);

    // Assess
    expect(ses).toHaveReceivedCommandTimes(SendBulkEmailCommand, 1);
    expect(ses).toHaveReceivedCommandWith(SendBulkEmailCommand, {
      FromEmailAddress: email.from,
      ReplyToAddresses: email.replyTo,
      ConfigurationSetName: 'notices',
    });
    const input = ses.commandCalls(SendBulkEmailCommand)[0]!.args[0].input;
    expect(input.DefaultContent?.Template?.TemplateName).toBe(email.templateName);
    expect(JSON.parse(input.DefaultContent!.Template!.TemplateData!)).toEqual(email.defaultData);
    expect(input.BulkEmailEntries).toHaveLength(email.entries.length);
    input.BulkEmailEntries!.forEach((entry, index) => {
      expect(entry.Destination).toEqual({ ToAddresses: [email.entries[index]!.to] });
      const data = entry.ReplacementEmailContent?.ReplacementTemplate?.ReplacementTemplateData;
      expect(JSON.parse(data!)).toEqual(email.entries[index]!.replacementData);
    });
  });

  it('answers sent (with the message id) or failed per entry, in entry order', async () => {
    // Prepare
    ses.on(SendBulkEmailCommand).resolves({
      BulkEmailEntryResults: [
        { Status: 'SUCCESS', MessageId: 'msg-alice' },
        { Status: 'MESSAGE_REJECTED', Error: 'Email address is not verified.' },
        { Status: 'SUCCESS', MessageId: 'msg-carol' },
      ],
    });
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-1' }));

    // Act
    const results = await mailer.sendBulk(email);

    // Assess
    expect(results).toEqual([
      { status: 'sent', messageId: 'msg-alice' },
      { status: 'failed', error: 'MESSAGE_REJECTED' },
      { status: 'sent', messageId: 'msg-carol' },
    ]);
  });

  it('answers failed for statuses another attempt would not change, and retry for every other one', async () => {
    // Prepare
    const statuses: BulkEmailStatus[] = [
      'MESSAGE_REJECTED',
      'INVALID_PARAMETER',
      'TRANSIENT_FAILURE',
      'ACCOUNT_THROTTLED',
      'ACCOUNT_SENDING_PAUSED',
      'FAILED',
    ];
    ses.on(SendBulkEmailCommand).resolves({ BulkEmailEntryResults: statuses.map((Status) => ({ Status })) });
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-1' }));
    const entries = statuses.map((status) => ({ to: `${status.toLowerCase()}@mail.example`, replacementData: {} }));

    // Act
    const results = await mailer.sendBulk({ ...email, entries });

    // Assess
    expect(results).toEqual([
      { status: 'failed', error: 'MESSAGE_REJECTED' },
      { status: 'failed', error: 'INVALID_PARAMETER' },
      { status: 'retry', error: 'TRANSIENT_FAILURE' },
      { status: 'retry', error: 'ACCOUNT_THROTTLED' },
      { status: 'retry', error: 'ACCOUNT_SENDING_PAUSED' },
      { status: 'retry', error: 'FAILED' },
    ]);
  });

  it('answers retry for an entry SES gave no result for, keeping one result per entry', async () => {
    // Prepare
    ses.on(SendBulkEmailCommand).resolves({ BulkEmailEntryResults: [{ Status: 'SUCCESS', MessageId: 'msg-alice' }] });
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-1' }));

    // Act
    const results = await mailer.sendBulk(email);

    // Assess
    expect(results).toEqual([
      { status: 'sent', messageId: 'msg-alice' },
      { status: 'retry', error: 'NO_RESULT' },
      { status: 'retry', error: 'NO_RESULT' },
    ]);
  });

  it('lets an SES error through', async () => {
    // Prepare
    ses.on(SendBulkEmailCommand).rejects(new Error('Maximum sending rate exceeded.'));
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-1' }));

    // Act
    const sending = mailer.sendBulk(email);

    // Assess
    await expect(sending).rejects.toThrow(/Maximum sending rate/);
  });
});

describe('SesMailer.sendOne', () => {
  const single: SingleEmail = {
    from: '"Softshop Privacy" <privacy@softshop.example>',
    replyTo: ['dpo@softshop.example'],
    to: 'jan@mail.example',
    subject: 'Uw bezwaar is ontvangen',
    text: 'Beste Jan,\n\nUw bezwaar is ontvangen.',
    html: '<p>Beste Jan,</p><p>Uw bezwaar is ontvangen.</p>',
    configurationSet: 'notices',
  };

  beforeEach(() => {
    ses.reset();
  });

  it('sends one SendEmail with the simple content our code rendered, in UTF-8, and answers the message id', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'msg-jan' });
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-1' }));

    // Act
    const messageId = await mailer.sendOne(single);

    // Assess
    expect(messageId).toBe('msg-jan');
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 1);
    expect(ses).toHaveReceivedCommandTimes(SendBulkEmailCommand, 0);
    expect(ses.commandCalls(SendEmailCommand)[0]!.args[0].input).toEqual({
      FromEmailAddress: single.from,
      ReplyToAddresses: single.replyTo,
      ConfigurationSetName: 'notices',
      Destination: { ToAddresses: ['jan@mail.example'] },
      Content: {
        Simple: {
          Subject: { Data: single.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: single.text, Charset: 'UTF-8' }, Html: { Data: single.html, Charset: 'UTF-8' } },
        },
      },
    });
  });

  it('uses no stored template', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'msg-jan' });
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-1' }));

    // Act
    await mailer.sendOne({ ...single, configurationSet: undefined });

    // Assess
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Content?.Template).toBeUndefined();
    expect(input.ConfigurationSetName).toBeUndefined();
  });

  it('throws when SES answers without a message id', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({});
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-1' }));

    // Act
    const sending = mailer.sendOne(single);

    // Assess
    await expect(sending).rejects.toThrow(/without a message id/);
  });

  it('lets an SES error through', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejects(new Error('Email address is not verified.'));
    const mailer = new SesMailer(new SESv2Client({ region: 'eu-west-1' }));

    // Act
    const sending = mailer.sendOne(single);

    // Assess
    await expect(sending).rejects.toThrow(/not verified/);
  });
});
