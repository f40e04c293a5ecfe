import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkedLookup, FetchWebhookClient, type FetchWebhookClientOptions, type ResolveHost } from '../../../shared/adapters/http/webhook-client';

const request = (url: string) => ({ url, body: '{"type":"erasure.requested"}', headers: { 'webhook-id': 'msg_1' } });

/** A resolver answering each call with the next list of addresses (the last one again once they run out), keeping the names asked. */
function resolver(...answers: string[][]): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  return Object.assign(async (hostname: string) => {
    asked.push(hostname);
    return answers[Math.min(asked.length, answers.length) - 1]!.map((address) => ({ address }));
  }, { asked });
}

interface ReceivedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A recipient on 127.0.0.1 answering every call with `status` (and `headers`), or never when `status` is null. */
async function recipientServer(status: number | null = 204, headers: Record<string, string> = {}) {
  const calls: ReceivedCall[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      calls.push({ method: incoming.method!, path: incoming.url!, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (status !== null) response.writeHead(status, headers).end('a body nobody reads');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { calls, port: (server.address() as AddressInfo).port };
}

const servers: Server[] = [];
const clients: FetchWebhookClient[] = [];

function client(options: FetchWebhookClientOptions): FetchWebhookClient {
  const created = new FetchWebhookClient(options);
  clients.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((created) => created.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('FetchWebhookClient', () => {
  it('connects to the address its lookup answered: a name only the injected resolver knows reaches the local recipient', async () => {
    const recipient = await recipientServer(202);
    const resolve = resolver(['127.0.0.1']);

    const response = await client({ resolve, allowInternalAddresses: true }).post(request(`http://hooks.acme.example:${recipient.port}/erasure`));

    expect(response).toEqual({ status: 202 });
    // Resolved once, by the connection itself: no earlier answer the connection could differ from.
    expect(resolve.asked).toEqual(['hooks.acme.example']);
    expect(recipient.calls).toEqual([
      expect.objectContaining({ method: 'POST', path: '/erasure', body: '{"type":"erasure.requested"}' }),
    ]);
    expect(recipient.calls[0]!.headers).toMatchObject({
      host: `hooks.acme.example:${recipient.port}`,
      'content-type': 'application/json',
      'user-agent': 'disclosure-pipeline-webhooks/1',
      'webhook-id': 'msg_1',
    });
  });

  it.each([['127.0.0.1'], ['10.0.0.7'], ['169.254.169.254'], ['fd00::1'], ['93.184.215.14', '127.0.0.1']])(
    'fails the connection to a name that resolves to %s when it connects (any internal address among its answers)',
    async (...addresses) => {
      const recipient = await recipientServer();
      const resolve = resolver(addresses);

      const response = await client({ resolve }).post(request(`http://rebind.example:${recipient.port}/hook`));

      expect(response).toEqual({ failure: 'internal-address' });
      expect(resolve.asked).toEqual(['rebind.example']);
      expect(recipient.calls).toEqual([]);
    },
  );

  it.each(['https://[::1]/hook', 'http://127.0.0.1:{port}/hook', 'http://2130706433:{port}/hook'])(
    'refuses the internal IP literal of %s without resolving (a socket connects to a literal without any lookup)',
    async (url) => {
      const recipient = await recipientServer();
      const resolve = resolver(['93.184.215.14']);

      expect(await client({ resolve }).post(request(url.replace('{port}', String(recipient.port))))).toEqual({ failure: 'internal-address' });
      expect(resolve.asked).toEqual([]);
      expect(recipient.calls).toEqual([]);
    },
  );

  it('calls internal addresses where the deployment allows them, without resolving a literal', async () => {
    const recipient = await recipientServer();
    const resolve = resolver(['10.0.0.7']);

    const response = await client({ resolve, allowInternalAddresses: true }).post(request(`http://127.0.0.1:${recipient.port}/hook`));

    expect(response).toEqual({ status: 204 });
    expect(resolve.asked).toEqual([]);
    expect(recipient.calls).toHaveLength(1);
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    const recipient = await recipientServer(302, { location: '/elsewhere' });

    const response = await client({ resolve: resolver(['127.0.0.1']), allowInternalAddresses: true }).post(
      request(`http://hooks.acme.example:${recipient.port}/hook`),
    );

    expect(response).toEqual({ status: 302 });
    expect(recipient.calls.map(({ path }) => path)).toEqual(['/hook']);
  });

  it('answers a name that does not resolve as a network failure, naming no host', async () => {
    const resolve: ResolveHost = async (hostname) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    };

    expect(await client({ resolve }).post(request('https://gone.example/hook'))).toEqual({ failure: 'network' });
  });

  it('answers a recipient that does not answer in time as a timeout', async () => {
    const recipient = await recipientServer(null);

    const response = await client({ resolve: resolver(['127.0.0.1']), allowInternalAddresses: true, timeoutMs: 50 }).post(
      request(`http://hooks.acme.example:${recipient.port}/hook`),
    );

    expect(response).toEqual({ failure: 'timeout' });
    expect(recipient.calls).toHaveLength(1);
  });
});

describe('checkedLookup', () => {
  /** What the lookup hands the socket, asked the way net asks: all addresses (happy eyeballs) or one. */
  function lookUp(lookup: ReturnType<typeof checkedLookup>, all: boolean) {
    return new Promise<{ error: Error | null; address: string | LookupAddress[]; family?: number }>((resolve) =>
      lookup('hooks.acme.example', { all, hints: 0 }, (error, address, family) => resolve({ error, address, family })),
    );
  }

  it('hands the socket exactly the public addresses it checked, with their families', async () => {
    const lookup = checkedLookup(resolver(['93.184.215.14', '2a00:1450:4001::1']), false);

    expect(await lookUp(lookup, true)).toEqual({
      error: null,
      address: [
        { address: '93.184.215.14', family: 4 },
        { address: '2a00:1450:4001::1', family: 6 },
      ],
      family: undefined,
    });
    expect(await lookUp(lookup, false)).toEqual({ error: null, address: '93.184.215.14', family: 4 });
  });

  it('checks every connection anew: a name that rebinds to an internal address after a public answer is refused', async () => {
    const resolve = resolver(['93.184.215.14'], ['127.0.0.1']);
    const lookup = checkedLookup(resolve, false);

    expect((await lookUp(lookup, true)).error).toBeNull();
    const rebound = await lookUp(lookup, true);

    expect(rebound.error).toMatchObject({ name: 'InternalAddressError' });
    expect(resolve.asked).toEqual(['hooks.acme.example', 'hooks.acme.example']);
  });

  it('passes internal addresses where the deployment allows them', async () => {
    expect(await lookUp(checkedLookup(resolver(['127.0.0.1']), true), false)).toEqual({ error: null, address: '127.0.0.1', family: 4 });
  });

  it('fails on a name without any address', async () => {
    expect((await lookUp(checkedLookup(resolver([]), true), true)).error).toBeInstanceOf(Error);
  });
});
