/**
 * Whether a webhook may be called at this URL: https always; plain http only where the deployment allows
 * it (the local runtime, so a test can serve a webhook on 127.0.0.1). Personal data never goes out in clear.
 */
export function webhookUrlAllowed(url: string, allowHttp: boolean): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || (allowHttp && protocol === 'http:');
  } catch {
    return false;
  }
}
