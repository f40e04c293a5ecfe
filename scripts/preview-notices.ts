/**
 * Renders every disclosure notice template the way SES will (Handlebars, DefaultTemplateData with
 * ReplacementTemplateData laid over it) into .local/preview/, for reading before a deploy.
 * Usage: npm run preview
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { Disclosure } from '../shared/domain/disclosure/disclosure';
import { disclosureNoticeData, subjectNoticeData } from '../shared/domain/notice/disclosure-notice-data';
import { DISCLOSURE_NOTICE_TEMPLATES } from '../shared/domain/notice/disclosure-notice-template';
import { softmedex } from '../shared/domain/policy/profiles/softmedex';

const merger: Disclosure = {
  controllerId: 'softmedex',
  disclosureId: '01KAQ3ZP6T6S4Q3V9W2X8Y7Z5A',
  kind: 'merger_acquisition',
  recipient: { recipientId: 'nordhealth', name: 'Nordhealth Software GmbH', kind: 'acquirer', country: 'DE' },
  legalBasis: 'legitimate_interests',
  purpose: 'Voortzetting van de dienstverlening na de overname van Softmedex door Nordhealth',
  dataCategories: ['Naam en contactgegevens', 'Klantnummer en contracthistorie', 'Facturen en betaalgegevens'],
  occurredAt: '2026-11-22T23:30:00Z', // 23 November in Amsterdam, 22 November in UTC
  recordedAt: '2026-11-24T09:00:00Z',
  reference: 'FUS-2026-014',
};

// Stored values are not trusted: markup must come out as text, line breaks must not reach the subject.
const hostile: Disclosure = {
  ...merger,
  recipient: { ...merger.recipient, name: 'Evil Corp\r\nBcc: everyone@example.com <script>alert(1)</script>' },
  purpose: '"><img src=x onerror=alert(1)> `backtick` & more',
  dataCategories: ['<script>alert(1)</script>', 'Naam & adres'],
  reference: undefined,
};

const samples = [
  { label: '', disclosure: merger, subject: { name: 'Jan Jansen' } },
  { label: '.hostile', disclosure: hostile, subject: { name: 'Eve\r\nX-Injected: 1 <b>bold</b>' } },
  { label: '.anonymous', disclosure: merger, subject: {} },
];

const outDir = fileURLToPath(new URL('../.local/preview/', import.meta.url));
mkdirSync(outDir, { recursive: true });

for (const template of DISCLOSURE_NOTICE_TEMPLATES) {
  for (const sample of samples) {
    const data = {
      ...disclosureNoticeData({ profile: softmedex, disclosure: sample.disclosure, locale: template.locale }),
      ...subjectNoticeData(sample.subject, template.locale),
    };
    const render = (source: string) => Handlebars.compile(source, { strict: true })(data);
    const base = join(outDir, `${template.name}${sample.label}`);
    const files: [string, string][] = [
      [`${base}.subject.txt`, render(template.subject)],
      [`${base}.txt`, render(template.text)],
      [`${base}.html`, render(template.html)],
    ];
    for (const [path, content] of files) {
      writeFileSync(path, content);
      console.log(relative(process.cwd(), path));
    }
  }
}
