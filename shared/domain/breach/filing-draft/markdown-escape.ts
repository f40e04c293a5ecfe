/** Characters with a meaning inline: emphasis, code, links, raw HTML, tables, strike-through, entities. */
const INLINE = /[\\`*_[\]<>|~&]/g;

/**
 * Text made literal in Markdown (CommonMark and GitHub's tables): every inline marker backslash-escaped, and
 * what would start a block at a line's start (a heading, a list item, a setext underline or rule, an indented
 * code block) neutralised. Lines are kept: the legal team's paragraphs stay paragraphs.
 */
export function escapeMarkdown(value: string): string {
  return value
    .split(/\r\n|\r|\n/)
    .map((line) =>
      line
        .trimStart()
        .replace(INLINE, '\\$&')
        .replace(/^(#{1,6}|[-+])(?=\s|$)/, '\\$1')
        .replace(/^([=-])(?=[=-]*\s*$)/, '\\$1')
        .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2'),
    )
    .join('\n');
}
