import { describe, expect, it } from 'vitest';
import { isInternalAddress, isInternalHost } from '../../../shared/domain/webhooks/internal-address';
import { webhookUrlAllowed } from '../../../shared/domain/webhooks/webhook-url';

describe('isInternalAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.20',
    '169.254.169.254',
    '0.0.0.0',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'febf::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
  ])('takes %s for internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '172.15.255.255', '172.32.0.1', '192.169.0.1', '11.0.0.1', '2a00:1450:4001::1', 'fec0::1', '::ffff:93.184.215.14', 'example.com'])(
    'takes %s for public (or no address)',
    (address) => {
      expect(isInternalAddress(address)).toBe(false);
    },
  );
});

describe('isInternalHost', () => {
  it('knows localhost and its subdomains, any case, with a trailing dot, and bracketed IPv6 literals', () => {
    for (const host of ['localhost', 'LOCALHOST', 'localhost.', 'api.localhost', '[::1]', '[fe80::1]', '127.0.0.1']) expect(isInternalHost(host)).toBe(true);
    for (const host of ['hooks.acme.example', 'localhost.example', 'mylocalhost', '[2a00:1450:4001::1]']) expect(isInternalHost(host)).toBe(false);
  });
});

describe('webhookUrlAllowed', () => {
  it('takes an https URL of a public host', () => {
    expect(webhookUrlAllowed('https://hooks.acme.example/erasure', false)).toBe(true);
    expect(webhookUrlAllowed('https://93.184.215.14/erasure', false)).toBe(true);
  });

  it.each([
    'https://127.0.0.1/hook',
    'https://localhost:8443/hook',
    'https://10.0.0.5/hook',
    'https://172.20.1.1/hook',
    'https://192.168.0.10/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://[::1]/hook',
    'https://[fd00::5]/hook',
    'https://[fe80::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    // Numeric forms the URL parser turns into 127.0.0.1.
    'https://2130706433/hook',
    'https://0x7f.1/hook',
  ])('refuses %s, whose host is this machine or an internal network', (url) => {
    expect(webhookUrlAllowed(url, false)).toBe(false);
  });

  it('takes internal hosts and plain http where the deployment allows http (the local runtime)', () => {
    expect(webhookUrlAllowed('http://127.0.0.1:4010/hook', true)).toBe(true);
    expect(webhookUrlAllowed('https://localhost/hook', true)).toBe(true);
    expect(webhookUrlAllowed('http://hooks.acme.example/hook', false)).toBe(false);
  });

  it('refuses what is no web address', () => {
    expect(webhookUrlAllowed('ftp://hooks.acme.example/erasure', true)).toBe(false);
    expect(webhookUrlAllowed('not a url', true)).toBe(false);
  });
});
