import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must never reach from inside our network (SSRF): loopback, private, unique-local,
 * link-local (with the cloud's instance metadata at 169.254.169.254) and "this host" (0.0.0.0, ::), which
 * Linux connects to itself. BlockList also matches an IPv4 address written as IPv4-mapped IPv6.
 */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
INTERNAL.addAddress('::', 'ipv6');
INTERNAL.addAddress('::1', 'ipv6');
INTERNAL.addSubnet('fc00::', 7, 'ipv6');
INTERNAL.addSubnet('fe80::', 10, 'ipv6');

/** Whether an IP address (v4 or v6) is internal; false for anything that is no IP address. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return INTERNAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whether a URL's host (as `URL.hostname` gives it) names this machine or an internal network by itself:
 * `localhost` and its subdomains, or an internal IP literal. A DNS name is only known once resolved.
 */
export function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || isInternalAddress(host);
}
