import { escapeHtml, headerSafe } from './escape';
import { mailtoLink } from './notice-html';
import type { Slot } from './notice-template';

/** A single email our code renders whole, for SES SendEmail simple content (no stored template). */
export interface RenderedEmail {
  /** One line: no CR, LF or other control characters. */
  subject: string;
  text: string;
  html: string;
}

/** Keys whose value is a mail address, shown as a mailto link in HTML. */
const EMAIL_KEY = /Email$/;

/**
 * Slot functions over plain values, so copy can be written once and rendered as text and as HTML: the
 * text slot inserts the value as it is, the HTML slot escapes it (mail addresses become links).
 */
export function renderSlots<K extends string>(plain: Readonly<Record<K, string>>): { text: Slot<K>; html: Slot<K> } {
  return {
    text: (key) => plain[key],
    html: (key) => (EMAIL_KEY.test(key) ? mailtoLink(escapeHtml(plain[key])) : escapeHtml(plain[key])),
  };
}

/** The subject line made safe for the header whatever the copy or its values hold. */
export function subjectLine(value: string): string {
  return headerSafe(value);
}
