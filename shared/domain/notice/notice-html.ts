/**
 * The HTML every notice, email and page is built from: one centred card with inline styles (mail clients
 * drop <style> blocks), no external resources, no scripts. Callers pass markup whose values they have
 * already escaped (or Handlebars placeholders whose values the data escapes).
 */

export const STYLE = {
  body: 'margin:0;padding:0;background-color:#f3f4f6;',
  card:
    'max-width:600px;margin:0 auto;padding:32px 24px;background-color:#ffffff;color:#1f2937;' +
    'font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;',
  h1: 'margin:0 0 16px;font-size:20px;color:#111827;',
  h2: 'margin:24px 0 8px;font-size:16px;color:#111827;',
  p: 'margin:0 0 16px;',
  table: 'border-collapse:collapse;width:100%;margin:0 0 16px;',
  th: 'text-align:left;vertical-align:top;padding:6px 16px 6px 0;width:38%;font-weight:bold;',
  td: 'vertical-align:top;padding:6px 0;',
  ul: 'margin:0 0 16px;padding-left:20px;',
  link: 'color:#1d4ed8;',
  button:
    'display:inline-block;padding:12px 20px;border:0;border-radius:6px;background-color:#1d4ed8;color:#ffffff;' +
    'font-size:15px;font-weight:bold;text-decoration:none;cursor:pointer;',
  code: 'font-family:Consolas,Menlo,monospace;font-size:13px;background-color:#f3f4f6;padding:1px 4px;',
  pre:
    'font-family:Consolas,Menlo,monospace;font-size:13px;background-color:#f3f4f6;padding:12px;margin:0 0 16px;' +
    'white-space:pre-wrap;word-break:break-all;',
  footer: 'margin:32px 0 0;padding-top:16px;border-top:1px solid #e5e7eb;font-size:13px;color:#6b7280;',
} as const;

export const h1 = (html: string) => `<h1 style="${STYLE.h1}">${html}</h1>`;
export const h2 = (html: string) => `<h2 style="${STYLE.h2}">${html}</h2>`;
export const p = (html: string) => `<p style="${STYLE.p}">${html}</p>`;
export const footer = (html: string) => `<p style="${STYLE.footer}">${html}</p>`;
export const row = (label: string, value: string) =>
  `<tr><th scope="row" style="${STYLE.th}">${label}</th><td style="${STYLE.td}">${value}</td></tr>`;
export const table = (rows: string) => `<table role="presentation" style="${STYLE.table}">\n${rows}\n</table>`;
export const list = (items: string) => `<ul style="${STYLE.ul}">\n${items}\n</ul>`;
/** `href` must be escaped and, when it comes from data, checked to be a web or mailto address. */
export const link = (href: string, text: string) => `<a href="${href}" style="${STYLE.link}">${text}</a>`;
export const mailtoLink = (address: string) => link(`mailto:${address}`, address);
export const code = (html: string) => `<code style="${STYLE.code}">${html}</code>`;
export const pre = (html: string) => `<pre style="${STYLE.pre}">${html}</pre>`;
/** A link styled as a button, then the same address written out for when the button does not work. `href` as for `link`. */
export const callToAction = (href: string, label: string, fallback: string) =>
  `${p(`<a href="${href}" style="${STYLE.button}">${label}</a>`)}\n${p(`${fallback}<br>${link(href, href)}`)}`;

export interface HtmlDocument {
  lang: string;
  /** Escaped. */
  title: string;
  content: string;
  /** Web pages ask search engines to stay away; emails leave it out. */
  noindex?: boolean;
}

export function htmlDocument({ lang, title, content, noindex = false }: HtmlDocument): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${noindex ? '<meta name="robots" content="noindex, nofollow">\n<meta name="referrer" content="no-referrer">\n' : ''}<title>${title}</title>
</head>
<body style="${STYLE.body}">
<div style="${STYLE.card}">
${content}
</div>
</body>
</html>
`;
}
