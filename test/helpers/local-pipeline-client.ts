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
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
    async emails(): Promise<StoredEmail[]> {
      const response = await fetch(`${pipeline.mailUrl}/store`);
      return ((await response.json()) as { emails: StoredEmail[] }).emails;
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
