import { afterEach, describe, expect, it, vi } from 'vitest';
import { FetchWebhookClient, type ResolveHost } from '../../../shared/adapters/http/webhook-client';

const request = (url: string) => ({ url, body: '{}', headers: { 'webhook-id': 'msg_1' } });

/** A resolver answering the addresses given for every name, keeping the names asked. */
function resolver(...addresses: string[]): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  return Object.assign(async (hostname: string) => {
    asked.push(hostname);
    return addresses.map((address) => ({ address }));
  }, { asked });
}

function recipientServer(status = 204) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    calls.push(url);
    return new Response(null, { status });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('FetchWebhookClient', () => {
  it('calls a host whose every address is public', async () => {
    const calls = recipientServer(202);
    const resolve = resolver('93.184.215.14', '2a00:1450:4001::1');

    const response = await new FetchWebhookClient({ resolve }).post(request('https://hooks.acme.example/erasure'));

    expect(response).toEqual({ status: 202 });
    expect(resolve.asked).toEqual(['hooks.acme.example']);
    expect(calls).toEqual(['https://hooks.acme.example/erasure']);
  });

  it.each([['10.0.0.7'], ['127.0.0.1'], ['169.254.169.254'], ['fd00::1'], ['93.184.215.14', '192.168.1.1']])(
    'does not call a host that resolves to %s (any internal address among its answers)',
    async (...addresses) => {
      const calls = recipientServer();

      const response = await new FetchWebhookClient({ resolve: resolver(...addresses) }).post(request('https://rebind.example/hook'));

      expect(response).toEqual({ failure: 'internal-address' });
      expect(calls).toEqual([]);
    },
  );

  it('resolves an IPv6 literal without its brackets', async () => {
    recipientServer();
    const resolve = resolver('::1');

    expect(await new FetchWebhookClient({ resolve }).post(request('https://[::1]/hook'))).toEqual({ failure: 'internal-address' });
    expect(resolve.asked).toEqual(['::1']);
  });

  it('calls internal addresses where the deployment allows them, without resolving', async () => {
    const calls = recipientServer();
    const resolve = resolver('127.0.0.1');

    const response = await new FetchWebhookClient({ resolve, allowInternalAddresses: true }).post(request('http://127.0.0.1:4010/hook'));

    expect(response).toEqual({ status: 204 });
    expect(resolve.asked).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('answers a name that does not resolve as a network failure, naming no host', async () => {
    const calls = recipientServer();
    const resolve: ResolveHost = async (hostname) => {
      throw new Error(`getaddrinfo ENOTFOUND ${hostname}`);
    };

    expect(await new FetchWebhookClient({ resolve }).post(request('https://gone.example/hook'))).toEqual({ failure: 'network' });
    expect(calls).toEqual([]);
  });
});
