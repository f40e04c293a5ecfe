import type { LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, fetch } from 'undici';
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

/**
 * Every address a host name resolves to, as node:dns `lookup` with `all: true` answers; `options` are what the
 * socket asked for (family, hints).
 */
export type ResolveHost = (hostname: string, options: LookupOptions) => Promise<readonly { address: string }[]>;

export interface FetchWebhookClientOptions {
  timeoutMs?: number;
  /** Calls to internal addresses pass only where the deployment allows them (the local runtime's 127.0.0.1). */
  allowInternalAddresses?: boolean;
  /** How the connection resolves host names; node:dns by default. */
  resolve?: ResolveHost;
}

/** The connection was refused because the host name resolved to an internal address. */
class InternalAddressError extends Error {
  override readonly name = 'InternalAddressError';
}

const resolveWithDns: ResolveHost = (hostname, options) => dnsLookup(hostname, { ...options, all: true });

/**
 * The `lookup` the webhook connections resolve host names with: it fails the connection when any address of
 * the answer is internal (unless allowed), and otherwise hands the socket exactly the addresses it checked.
 * The check and the connection thus use one answer, so a name whose answer changes between them (DNS
 * rebinding) cannot slip through. Exported for its tests.
 */
export function checkedLookup(resolve: ResolveHost, allowInternalAddresses: boolean): LookupFunction {
  const checkedAddresses = async (hostname: string, options: LookupOptions) => {
    const answers = await resolve(hostname, { family: options.family, hints: options.hints });
    if (answers.length === 0) throw new Error('The host name has no address');
    if (!allowInternalAddresses && answers.some(({ address }) => isInternalAddress(address))) throw new InternalAddressError();
    return answers.map(({ address }) => ({ address, family: isIP(address) }));
  };
  return (hostname, options, callback) => {
    checkedAddresses(hostname, options).then(
      (addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0]!.address, addresses[0]!.family)),
      (error: Error) => callback(error, ''),
    );
  };
}

/** Whether the error, or an error it was caused by (fetch wraps the socket's), is the lookup's refusal. */
function refusedAsInternal(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 8; depth++) {
    if (cause instanceof InternalAddressError) return true;
    cause = cause.cause;
  }
  return false;
}

/**
 * POSTs with undici's fetch and a timeout. Redirects are not followed (the signature is for this URL, and a
 * redirect could point anywhere): a 3xx is an answer like any other that is not 2xx. The response body is
 * never read, so nothing a recipient sends back reaches our logs. No call reaches an internal address
 * (loopback, private, link-local: SSRF): a host that is such an IP literal is refused before the call, and
 * a host name is checked when the connection resolves it (`checkedLookup`), not in a lookup of its own, so
 * the address checked is the address connected to. Global fetch takes no `lookup`, hence undici's fetch with
 * an Agent of our own.
 */
export class FetchWebhookClient implements WebhookClient {
  private readonly timeoutMs: number;
  private readonly allowInternalAddresses: boolean;
  private readonly dispatcher: Agent;

  constructor(options: FetchWebhookClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    this.allowInternalAddresses = options.allowInternalAddresses ?? false;
    this.dispatcher = new Agent({ connect: { lookup: checkedLookup(options.resolve ?? resolveWithDns, this.allowInternalAddresses) } });
  }

  async post(request: WebhookRequest): Promise<WebhookResponse> {
    try {
      // A socket connects to an IP literal without any lookup, so such a host is checked here.
      if (!this.allowInternalAddresses && isInternalAddress(new URL(request.url).hostname.replace(/^\[(.*)\]$/, '$1'))) {
        return { failure: 'internal-address' };
      }
      const response = await fetch(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'disclosure-pipeline-webhooks/1', ...request.headers },
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
        dispatcher: this.dispatcher,
      });
      await response.body?.cancel().catch(() => {});
      return { status: response.status };
    } catch (error) {
      // The error's message and cause name the host and port: only which kind of failure it was goes on.
      if (refusedAsInternal(error)) return { failure: 'internal-address' };
      return { failure: error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? 'timeout' : 'network' };
    }
  }

  /** Closes the pooled connections (tests; a Lambda keeps its client for its lifetime). */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
