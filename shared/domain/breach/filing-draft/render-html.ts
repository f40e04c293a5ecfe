import { escapeHtml } from '../../notice/escape';
import { webAddress } from '../../notice/notice-format';
import { h1, h2, htmlDocument, link, list, p, row, table } from '../../notice/notice-html';
import { formatMoment } from './draft-format';
import { DRAFT_WORDS } from './draft-words';
import type { AuthorityFilingDraft } from './filing-draft';
import { ART33_ELEMENTS } from './filing-forms';

const TAG_STYLE = 'font-weight:normal;font-size:13px;color:#6b7280;';

/** Escaped, its lines kept as line breaks. */
const text = (value: string) => escapeHtml(value).replace(/\r\n|\r|\n/g, '<br>\n');

/**
 * The draft's readable body, section by section as tables of question and answer, every value escaped: the
 * content of the DPO's mail and of the HTML document.
 */
export function filingDraftHtmlContent(draft: AuthorityFilingDraft): string {
  const w = DRAFT_WORDS[draft.language];
  const fields = draft.sections.flatMap((section) => section.fields);
  const labelOf = new Map(fields.map((field) => [field.id, field.label]));
  const phase = fields.find((field) => field.id === 'filingType')?.value ?? draft.phase;
  const website = escapeHtml(webAddress(draft.authority.website));
  const moment = (iso: string) => formatMoment(iso, draft.language, draft.authority.country);
  return [
    h1(text(w.doc.title(draft.authority.form))),
    // The website, escaped like the sentence around it, becomes its link.
    p(text(w.doc.howTo(webAddress(draft.authority.website))).replace(website, link(website, website))),
    table(
      [
        row(text(w.doc.authority), text(draft.authority.name)),
        row(text(w.doc.breach), text(draft.breachId)),
        row(text(w.doc.phase), text(phase)),
        row(text(w.doc.deadline), text(moment(draft.deadline))),
        row(text(w.doc.generatedAt), text(moment(draft.generatedAt))),
      ].join('\n'),
    ),
    ...draft.sections.map((section, index) =>
      [
        h2(`${index + 1}. ${text(section.title)}`),
        table(
          section.fields
            .map((field) => {
              const tag = field.art33 ? `<br><span style="${TAG_STYLE}">${text(w.doc.tags[field.art33])}</span>` : '';
              return row(`${text(field.label)}${tag}`, text(field.value));
            })
            .join('\n'),
        ),
      ].join('\n'),
    ),
    h2(text(w.doc.checklistHeading)),
    list(
      ART33_ELEMENTS.flatMap((element) => {
        const ids = draft.art33Elements[element];
        if (!ids) return [];
        const where = ids.map((id) => text(labelOf.get(id) ?? id)).join('; ');
        return [`<li><strong>${text(w.doc.tags[element])}</strong>, ${text(w.doc.elements[element])}: ${where}</li>`];
      }).join('\n'),
    ),
  ].join('\n');
}

/** The draft as a whole HTML page, for the API's `format=html`: not for search engines. */
export function renderFilingDraftHtml(draft: AuthorityFilingDraft): string {
  const w = DRAFT_WORDS[draft.language];
  return htmlDocument({
    lang: draft.language,
    title: escapeHtml(`${w.doc.title(draft.authority.form)}: ${draft.breachId}`),
    content: filingDraftHtmlContent(draft),
    noindex: true,
  });
}
