import { describe, expect, it } from 'vitest';
import type { BreachNoticeWords, StoredBreach } from '../../../shared/domain/breach/breach';
import type { Locale } from '../../../shared/domain/locale';
import {
  breachNoticeData,
  breachNoticeTemplateName,
  subjectBreachNoticeData,
  type DisclosureToRecipient,
} from '../../../shared/domain/notice/breach-notice-data';
import { BREACH_NOTICE_TEMPLATES } from '../../../shared/domain/notice/breach-notice-template';
import { escapeHtml } from '../../../shared/domain/notice/escape';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { aStoredBreach } from '../../helpers/breach-fakes';
import { lookup, nonDisciplinedMustaches, placeholderPaths, profile, renderWith, SCRIPT, type Rendered } from './fixtures';

const WORDS: Record<Locale, BreachNoticeWords> = {
  nl: {
    nature: 'Bij onze hostingpartij stond een back-up van onze klantenlijst een week lang open op internet.\nIemand heeft de back-up gedownload.',
    consequences: 'U kunt e-mails krijgen die van ons lijken te komen, maar van oplichters zijn.',
    measures: 'De back-up is offline gehaald. De hostingpartij heeft haar beveiliging aangepast.',
    advice: 'Klik niet op links in onverwachte e-mails. Bel ons bij twijfel.',
  },
  en: {
    nature: 'A backup of our customer list was open on the internet for a week at our hosting company.\nSomeone downloaded it.',
    consequences: 'You may receive emails that seem to come from us but come from fraudsters.',
    measures: 'The backup was taken offline. The hosting company has changed its security.',
    advice: 'Do not click links in unexpected emails. Call us if in doubt.',
  },
};

const DPO = { name: 'Functionaris Gegevensbescherming ETSoft', email: 'fg@etsoft.example', phone: '+31 85 000 00 00', source: 'Het beleid noemt geen FG.' };
const withPhone: PolicyProfile = { ...profile, breachContact: DPO };

/** A breach at the hosting company (recipient `hoster`), the report in the legal team's Dutch. */
const atHoster: StoredBreach = aStoredBreach(
  {},
  {
    // 1 December in Amsterdam, still 30 November in UTC.
    occurredAt: '2026-11-30T23:30:00Z',
    awareAt: '2026-12-02T08:00:00Z',
    dataCategories: ['Naam en contactgegevens', 'Klantnummer'],
    specialCategories: ['Gezondheidsgegevens'],
    source: { type: 'recipient', recipientId: 'hoster' },
  },
);
const HOSTER = 'Hosting Partner B.V.';
const internal: StoredBreach = aStoredBreach({}, { occurredAt: undefined, awareAt: '2026-12-02T08:00:00Z', dataCategories: ['Naam en contactgegevens'] });

const TO_HOSTER: DisclosureToRecipient[] = [
  { disclosedAt: '2026-10-05T10:00:00Z', dataCategories: ['Facturen'], kind: 'processor_handoff' },
  { disclosedAt: '2026-03-02T10:00:00Z', dataCategories: ['Naam en contactgegevens', 'Klantnummer'], kind: 'processor_handoff' },
];

// Written out rather than taken from the code under test, so a wrong date, translation or section fails.
const EXPECTED: Record<
  Locale,
  {
    subject: string;
    greeting: string;
    headings: string[];
    began: string;
    known: string;
    atRecipient: string;
    disclosuresHeading: string;
    disclosures: string[];
    questions: string;
    phone: string;
    rights: string[];
  }
> = {
  nl: {
    subject: 'Datalek bij ETSoft B.V.: ook uw gegevens zijn betrokken',
    greeting: 'Beste Jan Jansen,',
    headings: ['Wat is er gebeurd?', 'Om welke gegevens gaat het?', 'Wat kan dit voor u betekenen?', 'Wat doen wij?', 'Wat kunt u zelf doen?', 'Vragen', 'Klacht indienen'],
    began: 'Het datalek begon op 1 december 2026.',
    known: 'Wij weten sinds 2 december 2026 van het datalek.',
    atRecipient: `Het datalek was bij ${HOSTER}, een organisatie die van ons persoonsgegevens kreeg.`,
    disclosuresHeading: `Welke gegevens van u had ${HOSTER}?`,
    disclosures: [
      '2 maart 2026: Naam en contactgegevens, Klantnummer (Overdracht aan een verwerker die de gegevens in onze opdracht verwerkt)',
      '5 oktober 2026: Facturen (Overdracht aan een verwerker die de gegevens in onze opdracht verwerkt)',
    ],
    questions: 'Heeft u vragen over dit datalek? Neem dan contact op met Functionaris Gegevensbescherming ETSoft via fg@etsoft.example.',
    phone: 'U kunt ook bellen: +31 85 000 00 00.',
    rights: ['in te zien', 'corrigeren', 'verwijderen', 'beperken', 'bezwaar', 'klacht indienen bij de toezichthouder'],
  },
  en: {
    subject: 'Data breach at ETSoft B.V.: your personal data is involved',
    greeting: 'Dear Jan Jansen,',
    headings: ['What happened?', 'Which data is involved?', 'What could this mean for you?', 'What are we doing?', 'What can you do?', 'Questions', 'Complaints'],
    began: 'The breach began on 1 December 2026.',
    known: 'We have known about the breach since 2 December 2026.',
    atRecipient: `The breach happened at ${HOSTER}, an organisation that received personal data from us.`,
    disclosuresHeading: `Which of your data did ${HOSTER} have?`,
    disclosures: [
      '2 March 2026: Naam en contactgegevens, Klantnummer (Transfer to a processor acting on our behalf)',
      '5 October 2026: Facturen (Transfer to a processor acting on our behalf)',
    ],
    questions: 'If you have any questions about this breach, please contact Functionaris Gegevensbescherming ETSoft at fg@etsoft.example.',
    phone: 'You can also call +31 85 000 00 00.',
    rights: ['access', 'corrected', 'erased', 'restrict', 'object', 'lodge a complaint with the supervisory authority'],
  },
};

interface Sample {
  breach?: StoredBreach;
  p?: PolicyProfile;
  words?: BreachNoticeWords;
  recipientName?: string;
  /** Named unless told otherwise when the breach happened at a recipient. */
  namesRecipient?: boolean;
  name?: string;
  disclosures?: DisclosureToRecipient[];
}

function dataFor(
  locale: Locale,
  { breach = atHoster, p = withPhone, words = WORDS[locale], recipientName = HOSTER, namesRecipient = breach.report.source.type === 'recipient', name, disclosures = TO_HOSTER }: Sample = {},
) {
  return { ...breachNoticeData({ profile: p, breach, words, locale, namesRecipient, recipientName }), ...subjectBreachNoticeData({ name }, locale, disclosures) };
}

function render(locale: Locale, sample: Sample = {}): Rendered {
  const template = BREACH_NOTICE_TEMPLATES.find((each) => each.locale === locale)!;
  return renderWith(template, dataFor(locale, sample));
}

describe('BREACH_NOTICE_TEMPLATES', () => {
  it('has one template per locale, named for it', () => {
    expect(BREACH_NOTICE_TEMPLATES.map((t) => [t.name, t.locale])).toEqual([
      ['breach-notice-nl', 'nl'],
      ['breach-notice-en', 'en'],
    ]);
    expect(breachNoticeTemplateName('nl')).toBe('breach-notice-nl');
  });

  describe.each(BREACH_NOTICE_TEMPLATES.map((t) => [t.name, t] as const))('%s', (_name, template) => {
    const locale = template.locale;
    const e = EXPECTED[locale];
    const required = () => [
      e.greeting,
      profile.legalName,
      ...WORDS[locale].nature.split('\n'),
      WORDS[locale].consequences,
      WORDS[locale].measures,
      WORDS[locale].advice,
      e.began,
      e.known,
      e.atRecipient,
      e.questions,
      e.phone,
      profile.privacyEmail,
      profile.supervisoryAuthority.name,
      profile.supervisoryAuthority.website,
      ...e.headings,
      ...e.rights,
    ];

    it('tells everything Art. 34(2) requires, in the text part, each text under its heading', () => {
      const { text } = render(locale, { name: 'Jan Jansen' });
      for (const value of required()) expect(text).toContain(value);
      for (const category of ['Naam en contactgegevens', 'Klantnummer', 'Gezondheidsgegevens']) expect(text).toContain(`- ${category}\n`);
      // The legal team's lines stay lines, and each text follows its own heading.
      expect(text).toContain(`${e.headings[0]}\n${WORDS[locale].nature}\n`);
      expect(text).toContain(`${e.headings[2]}\n${WORDS[locale].consequences}\n`);
      expect(text).toContain(`${e.headings[3]}\n${WORDS[locale].measures}\n`);
      expect(text).toContain(`${e.headings[4]}\n${WORDS[locale].advice}\n`);
    });

    it('tells the same in the HTML part, with the contact point and the authority as links', () => {
      const { html } = render(locale, { name: 'Jan Jansen' });
      // The contact point's address is a link there, so its sentence is checked around it.
      for (const value of required().filter((each) => each !== e.questions)) expect(html).toContain(escapeHtml(value));
      expect(html).toContain(`${DPO.name} ${locale === 'nl' ? 'via' : 'at'} <a href="mailto:${DPO.email}" style="color:#1d4ed8;">${DPO.email}</a>.`);
      expect(html).toContain(WORDS[locale].nature.split('\n').map(escapeHtml).join('<br>'));
      expect(html).toContain('<li>Gezondheidsgegevens</li>');
      expect(html).toContain(`href="mailto:${DPO.email}"`);
      expect(html).toContain(`href="${profile.supervisoryAuthority.website}"`);
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="(nl|en)">/);
      expect(html).toContain(`<html lang="${locale}">`);
    });

    it("lists, for a breach at a recipient, what of this subject went there and when, oldest first", () => {
      const { text, html } = render(locale);
      expect(text).toContain(`${e.disclosuresHeading}\n`);
      expect(text).toContain(e.disclosures.map((line) => `- ${line}`).join('\n'));
      expect(html).toContain(escapeHtml(e.disclosuresHeading));
      expect(html).toContain(e.disclosures.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n'));
    });

    it('leaves the list out for a subject the ledger shows nothing for', () => {
      const { text, html } = render(locale, { disclosures: [] });
      expect(text).toContain(e.atRecipient);
      expect(text).not.toContain(e.disclosuresHeading);
      expect(html).not.toContain(escapeHtml(e.disclosuresHeading));
    });

    it('names no recipient and lists nothing for a breach at the controller, and says only when it became known when the start is unknown', () => {
      const { text, html } = render(locale, { breach: internal, recipientName: undefined, disclosures: TO_HOSTER });
      for (const out of [text, html]) {
        expect(out).not.toContain(HOSTER);
        expect(out).not.toContain(escapeHtml(e.disclosuresHeading));
        expect(out).not.toContain(e.began.split(' 1 ')[0]);
        expect(out).toContain(e.known);
      }
    });

    it('names no recipient and lists nothing when the notice is not to name the breached recipient', () => {
      const { text, html } = render(locale, { namesRecipient: false, disclosures: TO_HOSTER });
      for (const out of [text, html]) {
        expect(out).not.toContain(HOSTER);
        expect(out).not.toContain(escapeHtml(e.atRecipient));
        expect(out).not.toContain(escapeHtml(e.disclosuresHeading));
      }
    });

    it('leaves out the phone sentence when the contact point has no phone', () => {
      const { text, html } = render(locale, { p: profile });
      expect(text).not.toContain(e.phone);
      expect(html).not.toContain(e.phone);
      expect(text).toContain(`${profile.breachContact.name} ${locale === 'nl' ? 'via' : 'at'} ${profile.breachContact.email}.\n`);
    });

    it('says in the subject line who had the breach', () => {
      expect(render(locale).subject).toBe(e.subject);
    });

    it('greets neutrally when the name is unknown', () => {
      const { text } = render(locale);
      expect(text.startsWith(locale === 'nl' ? 'Geachte heer/mevrouw,\n' : 'Dear Sir or Madam,\n')).toBe(true);
    });

    it('escapes hostile values in HTML, keeps them readable in text, and keeps the subject line one line', () => {
      const hostileWords: BreachNoticeWords = { nature: `${SCRIPT}\nline two`, consequences: '"><img src=x onerror=alert(1)>', measures: 'A & B', advice: '<b>Wees alert</b>' };
      const breach = aStoredBreach({}, { ...atHoster.report, dataCategories: [SCRIPT, 'Naam & adres'], specialCategories: undefined });
      const { subject, text, html } = render(locale, {
        breach,
        words: hostileWords,
        recipientName: `Evil\r\nBcc: x@example.com ${SCRIPT}`,
        name: '<b>Eve</b>\r\nX-Injected: 1',
        p: { ...withPhone, legalName: 'ETSoft\r\nBcc: y@example.com' },
        disclosures: [{ disclosedAt: '2026-10-05T10:00:00Z', dataCategories: [SCRIPT], kind: 'processor_handoff' }],
      });
      expect(html).not.toMatch(/<script|<img|<b>|"><|&amp;amp;/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<br>line two');
      expect(html).toContain('<li>Naam &amp; adres</li>');
      expect(html).toContain('Evil Bcc: x@example.com &lt;script&gt;');
      expect(text).toContain(`${SCRIPT}\nline two`);
      expect(text).toContain('- Naam & adres\n');
      expect(text).toContain('<b>Wees alert</b>');
      expect(text.split('\n')[0]).toMatch(/^(Beste|Dear) <b>Eve<\/b> X-Injected: 1,$/);
      expect(subject).toContain('ETSoft Bcc: y@example.com');
      expect(subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      expect(text).not.toContain('\r');
    });

    it('uses only triple-stash placeholders and #if blocks', () => {
      for (const part of [template.subject, template.text, template.html]) expect(nonDisciplinedMustaches(part)).toEqual([]);
      expect(template.subject).not.toContain('{{#if');
    });

    it('references only values the data provides, in the form for its part', () => {
      const data = dataFor(locale);
      for (const [part, source] of Object.entries({ subject: template.subject, text: template.text, html: template.html })) {
        const used = placeholderPaths(source);
        expect(used.length).toBeGreaterThan(0);
        for (const path of used) {
          expect(typeof lookup(data, path), path).toBe('string');
          expect(path.split('.').includes(part), `${part}: ${path}`).toBe(true);
        }
      }
    });

    it('renders under strict Handlebars with no placeholder left, with and without the optional values', () => {
      const samples = [render(locale, { name: 'Jan' }), render(locale, { breach: internal, recipientName: undefined, disclosures: [], p: profile })];
      for (const { subject, text, html } of samples) for (const out of [subject, text, html]) expect(out).not.toMatch(/\{\{|\}\}/);
    });
  });
});

describe('breachNoticeData', () => {
  it("refuses a breach at a recipient without the recipient's name, which the notice must give", () => {
    expect(() => breachNoticeData({ profile, breach: atHoster, words: WORDS.nl, locale: 'nl', namesRecipient: true })).toThrow(/hoster.*recipient's name/);
  });

  it('leaves the recipient out when the notice does not name it, though the breach happened there', () => {
    const data = breachNoticeData({ profile, breach: atHoster, words: WORDS.en, locale: 'en', namesRecipient: false, recipientName: HOSTER });

    expect(data.text.recipientName).toBe('');
    expect(data.html.recipientName).toBe('');
    expect(JSON.stringify(data)).not.toContain(HOSTER);
    expect(breachNoticeData({ profile, breach: atHoster, words: WORDS.en, locale: 'en', namesRecipient: false }).text.recipientName).toBe('');
  });

  it('refuses to name a recipient for a breach at the controller itself', () => {
    expect(() => breachNoticeData({ profile, breach: internal, words: WORDS.nl, locale: 'nl', namesRecipient: true, recipientName: HOSTER })).toThrow(/not happen at a recipient/);
  });

  it('refuses words that say nothing, naming them', () => {
    expect(() => breachNoticeData({ profile, breach: internal, words: { ...WORDS.nl, advice: ' \n\u0007 ' }, locale: 'nl', namesRecipient: false })).toThrow(/words\.advice/);
  });

  it('lists each category of the breach once, special categories after the others', () => {
    const breach = aStoredBreach({}, { dataCategories: ['Naam', 'Adres', 'Naam'], specialCategories: ['Gezondheid', 'Adres'] });

    const { text } = breachNoticeData({ profile, breach, words: WORDS.nl, locale: 'nl', namesRecipient: false });

    expect(text.dataCategories).toBe('- Naam\n- Adres\n- Gezondheid');
  });
});

describe('subjectBreachNoticeData', () => {
  it('lists the latest 20 disclosures to the recipient and counts the earlier ones', () => {
    const many = Array.from({ length: 23 }, (_, index): DisclosureToRecipient => ({
      disclosedAt: new Date(Date.UTC(2026, 0, 1 + index, 10)).toISOString(),
      dataCategories: [`Categorie ${index}`],
      kind: 'processor_handoff',
    }));

    const { addressee } = subjectBreachNoticeData({ name: 'Jan' }, 'nl', many.reverse());

    const lines = addressee.text.disclosures.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^- 4 januari 2026: Categorie 3 /);
    expect(lines[19]).toMatch(/^- 23 januari 2026: Categorie 22 /);
    expect(lines[20]).toBe('- En nog 3 keer eerder.');
    expect(addressee.html.disclosures.split('\n')).toHaveLength(21);
  });

  it('adds the disclosures counted rather than kept to the earlier ones', () => {
    const kept = Array.from({ length: 20 }, (_, index): DisclosureToRecipient => ({
      disclosedAt: new Date(Date.UTC(2026, 0, 1 + index, 10)).toISOString(),
      dataCategories: [`Categorie ${index}`],
      kind: 'processor_handoff',
    }));

    const { addressee } = subjectBreachNoticeData({ name: 'Jan' }, 'en', kept, 2980);

    const lines = addressee.text.disclosures.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('- And 2980 times before that.');
    expect(addressee.html.disclosures.split('\n').at(-1)).toBe('<li>And 2980 times before that.</li>');
  });

  it('gives no list when the subject has no disclosures to show', () => {
    expect(subjectBreachNoticeData({}, 'en').addressee).toEqual({
      html: { greeting: 'Dear Sir or Madam,', disclosures: '' },
      text: { greeting: 'Dear Sir or Madam,', disclosures: '' },
    });
  });
});
