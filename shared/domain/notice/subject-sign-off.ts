import type { ClosingCopy } from './notice-copy';
import { footer, h2, p } from './notice-html';

/** The end of an email our code renders for a subject: where to ask, where to complain, who signs, why they got it. */
export interface SignOff {
  questions: string;
  complaint: string;
  controllerName: string;
  footer: string;
}

/** The sign-off as the text part ends, values plain. */
export function signOffText(k: ClosingCopy, s: SignOff): string {
  return `${k.questionsHeading}
${s.questions}

${k.complaintHeading}
${s.complaint}

${k.closing}
${s.controllerName}

--
${s.footer}
`;
}

/** The same, as the HTML part ends, values already HTML-escaped. */
export function signOffHtml(k: ClosingCopy, s: SignOff): string[] {
  return [h2(k.questionsHeading), p(s.questions), h2(k.complaintHeading), p(s.complaint), p(`${k.closing}<br>${s.controllerName}`), footer(s.footer)];
}
