import { isInternalHost } from './internal-address';

/**
 * Whether a webhook may be called at this URL: https always; plain http only where the deployment allows
 * it (the local runtime, so a test can serve a webhook on 127.0.0.1). Personal data never goes out in clear.
 * A host that is this machine or an internal network (`localhost`, 10.0.0.1, [::1], 169.254.169.254) is
 * refused as well, under the same allowance: a recipient's URL must not point our calls inside (SSRF). A DNS
 * name that resolves inside is refused when it is called (FetchWebhookClient).
 */
export function webhookUrlAllowed(url: string, allowHttp: boolean): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    const scheme = protocol === 'https:' || (allowHttp && protocol === 'http:');
    return scheme && (allowHttp || !isInternalHost(hostname));
  } catch {
    return false;
  }
}
