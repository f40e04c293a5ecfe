import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { controllerScope, fullScope } from '../../shared/auth/scopes';
import { localClientConfig } from '../../scripts/local/emulators/local-aws';
import { issueLocalAccessToken } from '../../scripts/local/local-jwt';
import type { LocalPipeline } from '../../scripts/local/runtime';

export interface StoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
}

/** Talks to a running local pipeline the way a legal team and a mailbox would. */
export function localPipelineClient(pipeline: LocalPipeline) {
  const tokens = new Map<string, Promise<string>>();
  const token = (controller: string, scopes: string[]) => {
    const cacheKey = `${controller}|${scopes.join(' ')}`;
    if (!tokens.has(cacheKey)) {
      tokens.set(cacheKey, issueLocalAccessToken({ scopes: [...scopes.map(fullScope), controllerScope(controller)] }));
    }
    return tokens.get(cacheKey)!;
  };
  const allScopes = ['subjects:write', 'recipients:write', 'disclosures:write', 'disclosures:read'];
  const emails = async (): Promise<StoredEmail[]> => {
    const response = await fetch(`${pipeline.mailUrl}/store`);
    return ((await response.json()) as { emails: StoredEmail[] }).emails;
  };

  return {
    async request(
      method: string,
      path: string,
      options: { body?: unknown; headers?: Record<string, string>; controller?: string; scopes?: string[] } = {},
    ): Promise<{ status: number; headers: Headers; body: any }> {
      const response = await fetch(`${pipeline.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await token(options.controller ?? 'softmedex', options.scopes ?? allScopes)}`,
          'content-type': 'application/json',
          ...options.headers,
        },
        body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      });
      const text = await response.text();
      // A document (text/markdown, text/html) comes back as its text; everything else is JSON.
      const document = /^text\//i.test(response.headers.get('content-type') ?? '');
      return { status: response.status, headers: response.headers, body: text ? (document ? text : JSON.parse(text)) : undefined };
    },
    /**
     * A request without a token, as a data subject's browser makes it on a public route. A plain object
     * body is sent as a form post (application/x-www-form-urlencoded); a string as it is. Redirects are
     * not followed, so a 303 after a form post shows with its `location`. `path` may also be a whole link
     * from an email (the functions' PUBLIC_BASE_URL is the local API's URL).
     */
    async publicRequest(
      method: string,
      path: string,
      options: { body?: string | URLSearchParams | Record<string, string>; headers?: Record<string, string> } = {},
    ): Promise<{ status: number; headers: Headers; text: string }> {
      const { body } = options;
      const url = /^https?:\/\//.test(path) ? path : `${pipeline.apiUrl}${path}`;
      const response = await fetch(url, {
        method,
        headers: options.headers,
        body: body === undefined || typeof body === 'string' || body instanceof URLSearchParams ? body : new URLSearchParams(body),
        redirect: 'manual',
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
    /** Runs every schedule (the sweeper's rule) once, now, as if it fired at `at`; see LocalPipeline.runSchedules. */
    runSweeper(at: Date): Promise<void> {
      return pipeline.runSchedules(at);
    },
    /**
     * SES tells of a mail it took (a bounce: see test/helpers/ses-events.ts): published through the configuration
     * set's event destination and its topic onto the events queue, in an SNS envelope, as on AWS. Throws when no
     * queue takes that event type.
     */
    async deliverSesEvent(event: { eventType: string }): Promise<void> {
      const reached = await pipeline.publishEmailEvent(event);
      if (reached.length === 0) throw new Error(`No queue takes SES ${event.eventType} events`);
    },
    emails,
    /** The emails with `address` among their To recipients (`Name <address>` too; case-insensitive). */
    async emailsTo(address: string): Promise<StoredEmail[]> {
      const wanted = address.toLowerCase();
      const bare = (recipient: string) => (/<([^>]+)>\s*$/.exec(recipient)?.[1] ?? recipient).trim().toLowerCase();
      return (await emails()).filter((email) => email.destination.to.some((to) => bare(to) === wanted));
    },
    async clearEmails(): Promise<void> {
      await fetch(`${pipeline.mailUrl}/clear-store`, { method: 'POST' });
    },
    documentClient(): DynamoDBDocumentClient {
      return DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(pipeline.endpoints.dynamodb)));
    },
    tableName(): string {
      const name = Object.entries(pipeline.tableNames).find(([logicalId]) => logicalId.startsWith('PipelineTable'))?.[1];
      if (!name) throw new Error('No pipeline table in the template');
      return name;
    },
  };
}
