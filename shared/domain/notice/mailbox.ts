import { headerSafe } from './escape';

/**
 * A mailbox header value (`"Name" <address>`). A name with non-ASCII characters (Dutch and Belgian names
 * often have them) must be an RFC 2047 encoded-word or SES refuses the call; a few lines do it, and no
 * small maintained library does only this.
 */
export function mailbox(name: string, address: string): string {
  const safeName = headerSafe(name);
  if (/[^\x20-\x7e]/.test(safeName)) {
    return `=?UTF-8?B?${Buffer.from(safeName, 'utf8').toString('base64')}?= <${address}>`;
  }
  return `"${safeName.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}" <${address}>`;
}
