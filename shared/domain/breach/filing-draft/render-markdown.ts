import { formatMoment } from './draft-format';
import { DRAFT_WORDS } from './draft-words';
import type { AuthorityFilingDraft } from './filing-draft';
import { ART33_ELEMENTS } from './filing-forms';
import { escapeMarkdown } from './markdown-escape';

/**
 * The draft as a Markdown document to read and copy from, question by question in the form's order: each
 * answer escaped, so whatever the legal team typed reads as the text it is. Also the text part of the DPO's mail.
 */
export function renderFilingDraftMarkdown(draft: AuthorityFilingDraft): string {
  const w = DRAFT_WORDS[draft.language];
  const md = escapeMarkdown;
  const labelOf = new Map(draft.sections.flatMap((section) => section.fields).map((field) => [field.id, field.label]));
  const phase = draft.sections.flatMap((section) => section.fields).find((field) => field.id === 'filingType')?.value ?? draft.phase;
  const deadline = formatMoment(draft.deadline, draft.language, draft.authority.country);
  const header = [
    `# ${md(w.doc.title(draft.authority.form))}`,
    '',
    md(w.doc.howTo(draft.authority.website)),
    '',
    `- **${md(w.doc.authority)}:** ${md(draft.authority.name)}`,
    `- **${md(w.doc.breach)}:** ${md(draft.breachId)}`,
    `- **${md(w.doc.phase)}:** ${md(phase)}`,
    `- **${md(w.doc.deadline)}:** ${md(deadline)}`,
    `- **${md(w.doc.generatedAt)}:** ${md(formatMoment(draft.generatedAt, draft.language, draft.authority.country))}`,
  ];
  const sections = draft.sections.map((section, index) =>
    [
      `## ${index + 1}. ${md(section.title)}`,
      ...section.fields.map((field) => {
        const tag = field.art33 ? ` _(${md(w.doc.tags[field.art33])})_` : '';
        return `\n**${md(field.label)}**${tag}\n\n${md(field.value)}`;
      }),
    ].join('\n'),
  );
  const checklist = [
    `## ${md(w.doc.checklistHeading)}`,
    '',
    ...ART33_ELEMENTS.flatMap((element) => {
      const ids = draft.art33Elements[element];
      if (!ids) return [];
      return [`- **${md(w.doc.tags[element])}**, ${md(w.doc.elements[element])}: ${ids.map((id) => md(labelOf.get(id) ?? id)).join('; ')}`];
    }),
  ];
  return `${[header.join('\n'), ...sections, checklist.join('\n')].join('\n\n')}\n`;
}
