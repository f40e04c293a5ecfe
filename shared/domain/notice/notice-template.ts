import type { Locale } from '../locale';
import type { ClosingCopy } from './notice-copy';
import { footer, h2, link, mailtoLink, p } from './notice-html';

/** A stored SES template (AWS::SES::Template): Handlebars, triple-stash only, values escaped by the data. */
export interface NoticeTemplate {
  name: string;
  locale: Locale;
  subject: string;
  text: string;
  html: string;
}

/**
 * Copy takes a slot function instead of writing placeholders, so a sentence can only name a value the
 * data provides (checked by the compiler) and each part (or renderer) decides how that value is inserted.
 */
export type Slot<K extends string> = (key: K) => string;

const EMAIL_KEYS: ReadonlySet<string> = new Set(['contactEmail', 'privacyEmail', 'breachContactEmail']);
const WEB_KEYS: ReadonlySet<string> = new Set(['authorityWebsite']);

/** `{{{subject.key}}}`: values already one clean line. */
export const subjectSlot = (key: string): string => `{{{subject.${key}}}}`;
/** `{{{text.key}}}`: plain values. */
export const textSlot = (key: string): string => `{{{text.${key}}}}`;
/**
 * `{{{html.key}}}`, addresses as links. The data HTML-escapes every value (and checks web addresses are
 * http(s)), so a value is safe inside a quoted attribute too.
 */
export const htmlSlot = (key: string): string => {
  const value = `{{{html.${key}}}}`;
  if (EMAIL_KEYS.has(key)) return mailtoLink(value);
  if (WEB_KEYS.has(key)) return link(value, value);
  return value;
};

/** Questions, rights, complaint, signature and footer, as the text part ends. */
export function closingText(questions: string, c: ClosingCopy): string {
  const v = textSlot;
  return `${c.questionsHeading}
${questions}

${c.rightsHeading}
${c.rights(v)}

${c.complaintHeading}
${c.complaint(v)}

${c.closing}
${v('controllerName')}

--
${c.footer(v)}
`;
}

/** The same, as the HTML part ends. */
export function closingHtml(questions: string, c: ClosingCopy): string {
  const v = htmlSlot;
  return [
    h2(c.questionsHeading),
    p(questions),
    h2(c.rightsHeading),
    p(c.rights(v)),
    h2(c.complaintHeading),
    p(c.complaint(v)),
    p(`${c.closing}<br>${v('controllerName')}`),
    footer(c.footer(v)),
  ].join('\n');
}
