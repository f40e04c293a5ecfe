import { lookup as dnsLookup } from 'node:dns/promises';
import { isInternalAddress } from '../../domain/webhooks/internal-address';

/** One signed webhook call, as the workflow hands it over. */
export interface WebhookRequest {
  url: string;
  body: string;
  headers: Readonly<Record<string, string>>;
}

/**
 * How a call ended: the recipient's status code, or no answer at all (`network`, `timeout`), or not made
 * because the host resolves to an internal address (`internal-address`).
 */
export type WebhookResponse = { status: number } | { failure: 'network' | 'timeout' | 'internal-address' };

export interface WebhookClient {
  post(request: WebhookRequest): Promise<WebhookResponse>;
}

/** Long enough for a slow recipient, short enough that a batch of calls ends well inside the function's timeout. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** Every address a host name resolves to, as node:dns `lookup` with `all: true` answers. */
export type ResolveHost = (hostname: string) => Promise<readonly { address: string }[]>;

export interface FetchWebhookClientOptions {
  timeoutMs?: number;
  /** Calls to internal addresses pass only where the deployment allows them (the local runtime's 127.0.0.1). */
  allowInternalAddresses?: boolean;
  resolve?: ResolveHost;
}

/**
 * POSTs with fetch and a timeout. Redirects are not followed (the signature is for this URL, and a
 * redirect could point anywhere): a 3xx is an answer like any other that is not 2xx. The response body is
 * never read, so nothing a recipient sends back reaches our logs. Before the call the host is resolved, and
 * a host with any internal address (loopback, private, link-local) is not called (SSRF).
 */
export class FetchWebhookClient implements WebhookClient {
  private readonly timeoutMs: number;
  private readonly allowInternalAddresses: boolean;
  private readonly resolve: ResolveHost;

  constructor(options: FetchWebhookClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    this.allowInternalAddresses = options.allowInternalAddresses ?? false;
    this.resolve = options.resolve ?? ((hostname) => dnsLookup(hostname, { all: true, verbatim: true }));
  }

  async post(request: WebhookRequest): Promise<WebhookResponse> {
    try {
      if (!this.allowInternalAddresses && (await this.resolvesInside(request.url))) return { failure: 'internal-address' };
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

  /**
   * Whether any address of the URL's host is internal. fetch resolves the name again when it connects, so a
   * name whose answer changes in between (DNS rebinding) is not caught here; the URL check at registration
   * and this one close the common holes.
   */
  private async resolvesInside(url: string): Promise<boolean> {
    const hostname = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    const addresses = await this.resolve(hostname);
    return addresses.some(({ address }) => isInternalAddress(address));
  }
}
