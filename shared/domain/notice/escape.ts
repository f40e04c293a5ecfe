/**
 * Escaping for notice values. Templates insert values raw (triple-stash), so these are the only guard:
 * nothing relies on how SES escapes.
 */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Safe in HTML element content and in quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (char) => HTML_ENTITIES[char] ?? char);
}

// C0 controls (CR and LF among them), DEL and C1 controls (NEL among them).
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * One clean line: control characters become spaces, runs of whitespace (U+2028 and U+2029 too) collapse
 * to one space, ends are trimmed. A value can then not start a new header line in a subject.
 */
export function headerSafe(value: string): string {
  return value.replace(CONTROL_CHARS, ' ').replace(/\s+/g, ' ').trim();
}
