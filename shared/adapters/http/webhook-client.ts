/** One signed webhook call, as the workflow hands it over. */
export interface WebhookRequest {
  url: string;
  body: string;
  headers: Readonly<Record<string, string>>;
}

/** How a call ended: the recipient's status code, or no answer at all (`network`, `timeout`). */
export type WebhookResponse = { status: number } | { failure: 'network' | 'timeout' };

export interface WebhookClient {
  post(request: WebhookRequest): Promise<WebhookResponse>;
}

/** Long enough for a slow recipient, short enough that a batch of calls ends well inside the function's timeout. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * POSTs with fetch and a timeout. Redirects are not followed (the signature is for this URL, and a
 * redirect could point anywhere): a 3xx is an answer like any other that is not 2xx. The response body is
 * never read, so nothing a recipient sends back reaches our logs.
 */
export class FetchWebhookClient implements WebhookClient {
  constructor(private readonly timeoutMs = WEBHOOK_TIMEOUT_MS) {}

  async post(request: WebhookRequest): Promise<WebhookResponse> {
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'disclosure-pipeline-webhooks/1', ...request.headers },
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.body?.cancel().catch(() => {});
      return { status: response.status };
    } catch (error) {
      // The error's message and cause name the host and port: only which kind of failure it was goes on.
      return { failure: error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? 'timeout' : 'network' };
    }
  }
}
