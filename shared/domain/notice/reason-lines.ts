import { escapeHtml, headerSafe } from './escape';
import { p } from './notice-html';

// CR LF, CR, LF, NEL and the Unicode line and paragraph separators all end a line.
const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/;

/**
 * A reason the legal team wrote for the subject, line by line: each line clean (control characters gone,
 * white space collapsed); runs of empty lines kept as one, none at the start or end. Throws when nothing is
 * left: the subject must be told why.
 */
export function reasonLines(reason: string): string[] {
  const lines: string[] = [];
  for (const line of String(reason).split(LINE_BREAK).map(headerSafe)) {
    if (line !== '' || (lines.length > 0 && lines[lines.length - 1] !== '')) lines.push(line);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new RangeError('reason is empty: the subject must be told why');
  return lines;
}

/** The reason as an email shows it, line by line: plain lines in the text part, one paragraph of escaped lines in HTML. */
export function reasonBlock(reason: string): { text: string; html: string } {
  const lines = reasonLines(reason);
  return { text: lines.join('\n'), html: p(lines.map(escapeHtml).join('<br>')) };
}
