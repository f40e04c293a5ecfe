import { filingDraftQuerySchema } from '../../../shared/api/breach-filing-draft-schemas';
import { authorityFilingDraft } from '../../../shared/domain/breach/filing-draft/filing-draft';
import { filingLanguages } from '../../../shared/domain/breach/filing-draft/filing-forms';
import { renderFilingDraftHtml } from '../../../shared/domain/breach/filing-draft/render-html';
import { renderFilingDraftMarkdown } from '../../../shared/domain/breach/filing-draft/render-markdown';
import { badRequest, notFound } from '../../../shared/http/problem';
import type { ApiDependencies } from '../dependencies';
import { authorizedController, json, parseQuery, pathParam, type ApiEvent, type ApiResult } from '../request';

/** A document built from the legal team's text: never cached, framed or allowed to load or run anything. */
const DOCUMENT_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
};

/**
 * What to type on the lead supervisory authority's breach form (Art. 33(3)), as the breach stands now: the AP's
 * form in Dutch, the GBA's in Dutch or French; as JSON (default), Markdown or an HTML page.
 */
export async function getBreachFilingDraft(event: ApiEvent, deps: ApiDependencies): Promise<ApiResult> {
  const profile = authorizedController(event);
  const breachId = pathParam(event, 'breachId');
  const { language, format } = parseQuery(event, filingDraftQuerySchema);
  const languages = filingLanguages(profile.supervisoryAuthority.country);
  if (language && !languages.includes(language)) {
    throw badRequest([{ field: 'language', message: `the ${profile.supervisoryAuthority.name} takes filings in ${languages.join(' or ')} only` }]);
  }
  const stored = await deps.breaches.get(profile.controllerId, breachId);
  if (!stored) throw notFound(`Unknown breach '${breachId}'`);
  const { source } = stored.report;
  const recipient = source.type === 'recipient' ? await deps.recipients.get(profile.controllerId, source.recipientId) : undefined;
  const draft = authorityFilingDraft({ profile, breach: stored, language, now: deps.clock.now(), ...(recipient ? { recipientName: recipient.name } : {}) });
  switch (format) {
    case 'json':
      return json(200, draft, { 'Cache-Control': 'no-store' });
    case 'markdown':
      return { statusCode: 200, headers: { 'Content-Type': 'text/markdown; charset=utf-8', ...DOCUMENT_HEADERS }, body: renderFilingDraftMarkdown(draft) };
    case 'html':
      return { statusCode: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', ...DOCUMENT_HEADERS }, body: renderFilingDraftHtml(draft) };
  }
}
