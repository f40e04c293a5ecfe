import { SESv2Client, SendBulkEmailCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';

export interface BulkEmail {
  from: string;
  replyTo: string[];
  templateName: string;
  defaultData: object;
  configurationSet?: string;
  /**
   * Message tags SES hands back with each event of the message (a bounce, a complaint): ids only, never an
   * address. Tag values may hold letters, digits, `_`, `-`, `.` and `@` only.
   */
  tags?: Record<string, string>;
  /**
   * An entry's `tags` (ReplacementTags) may replace the defaults rather than add to them: an entry with tags of its
   * own carries every tag its events need.
   */
  entries: { to: string; replacementData: object; tags?: Record<string, string> }[];
}

export interface BulkEmailResult {
  /** `retry`: SES did not take it this time (throttled, paused, transient); the chunk is tried again. */
  status: 'sent' | 'failed' | 'retry';
  messageId?: string;
  error?: string;
}

/** One email whose parts our code rendered and escaped: confirmations and reminders, not campaigns. */
export interface SingleEmail {
  from: string;
  replyTo: string[];
  to: string;
  subject: string;
  text: string;
  html: string;
  configurationSet?: string;
}

export interface Mailer {
  /** One result per entry, in the order of the entries. */
  sendBulk(email: BulkEmail): Promise<BulkEmailResult[]>;
  /** The SES message id; throws when SES did not take it. */
  sendOne(email: SingleEmail): Promise<string>;
}

function messageTags(tags: Record<string, string>): { Name: string; Value: string }[] {
  return Object.entries(tags).map(([Name, Value]) => ({ Name, Value }));
}

/** Entry statuses that another attempt would not change; every other failure is worth retrying. */
const FINAL_FAILURES = new Set(['MESSAGE_REJECTED', 'INVALID_PARAMETER']);

/** SES v2 SendBulkEmail with a stored template: one call for up to 50 destinations. */
export class SesMailer implements Mailer {
  constructor(private readonly client: SESv2Client) {}

  async sendBulk(email: BulkEmail): Promise<BulkEmailResult[]> {
    const result = await this.client.send(
      new SendBulkEmailCommand({
        FromEmailAddress: email.from,
        ReplyToAddresses: email.replyTo,
        ConfigurationSetName: email.configurationSet,
        DefaultContent: {
          Template: { TemplateName: email.templateName, TemplateData: JSON.stringify(email.defaultData) },
        },
        ...(email.tags ? { DefaultEmailTags: messageTags(email.tags) } : {}),
        BulkEmailEntries: email.entries.map((entry) => ({
          Destination: { ToAddresses: [entry.to] },
          ReplacementEmailContent: { ReplacementTemplate: { ReplacementTemplateData: JSON.stringify(entry.replacementData) } },
          ...(entry.tags ? { ReplacementTags: messageTags(entry.tags) } : {}),
        })),
      }),
    );
    const results = result.BulkEmailEntryResults ?? [];
    return this.bulkResults(email, results);
  }

  async sendOne(email: SingleEmail): Promise<string> {
    const result = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: email.from,
        ReplyToAddresses: email.replyTo,
        ConfigurationSetName: email.configurationSet,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    if (!result.MessageId) throw new Error('SES answered without a message id');
    return result.MessageId;
  }

  private bulkResults(email: BulkEmail, results: { Status?: string; MessageId?: string }[]): BulkEmailResult[] {
    return email.entries.map((_, index) => {
      const entry = results[index];
      if (entry?.Status === 'SUCCESS') return { status: 'sent', messageId: entry.MessageId };
      const error = entry?.Status ?? 'NO_RESULT';
      return { status: FINAL_FAILURES.has(error) ? 'failed' : 'retry', error };
    });
  }
}
