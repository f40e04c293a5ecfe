import { describe, expect, it } from 'vitest';
import type { StoredBreach } from '../../../shared/domain/breach/breach';
import { authorityFilingDraft, type AuthorityFilingDraft, type FilingDraftInput } from '../../../shared/domain/breach/filing-draft/filing-draft';
import { FilingLanguageError, filingLanguages, type DraftFieldId } from '../../../shared/domain/breach/filing-draft/filing-forms';
import { renderFilingDraftHtml } from '../../../shared/domain/breach/filing-draft/render-html';
import { renderFilingDraftMarkdown } from '../../../shared/domain/breach/filing-draft/render-markdown';
import { AUTORITEIT_PERSOONSGEGEVENS, GEGEVENSBESCHERMINGSAUTORITEIT } from '../../../shared/domain/policy/authorities';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { aBreachReport, aFiling, aStoredBreach, anAssessment, BREACH_ID } from '../../helpers/breach-fakes';
import { aProfile } from '../../helpers/factories';

const BREACH_CONTACT = { name: 'Mr. F. de Vries (FG)', email: 'fg@acme-care.example', phone: '+31 20 555 0101', source: 'Onze functionaris gegevensbescherming.' };

/** Acme Care in the Netherlands, its DPO named in its policy: the AP leads. */
const ap = aProfile({ breachContact: BREACH_CONTACT, postalAddress: 'Keizersgracht 1, 1015 CJ Amsterdam' });

/** Acme Care led from Belgium, with a Dutch establishment: the GBA leads, the processing is cross-border. */
const gba = aProfile({
  country: 'BE',
  breachContact: BREACH_CONTACT,
  supervisoryAuthority: GEGEVENSBESCHERMINGSAUTORITEIT,
  establishments: [
    { legalName: 'Acme Care nv', country: 'BE', supervisoryAuthority: GEGEVENSBESCHERMINGSAUTORITEIT },
    { legalName: 'Acme Care B.V.', country: 'NL', supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS },
  ],
});

/** The facts of the breach, distinct enough to be found wherever the draft puts them. */
const FACTS = {
  description: 'Een laptop met een onversleutelde export van het klantenbestand is uit een auto gestolen.',
  likelyConsequences: 'Phishing uit naam van Acme Care; mogelijk identiteitsfraude.',
  measuresTaken: 'De laptop is op afstand gewist; alle wachtwoorden zijn vervangen.',
  measuresProposed: 'Versleuteling van alle laptopschijven vóór 1 januari.',
  dataCategories: ['Naam en contactgegevens', 'Klantnummer'],
  specialCategories: ['Gegevens over gezondheid'],
  approxSubjects: 12_400,
  approxRecords: 31_000,
};

/** Before the 72 hours end (aware 1 December 08:00 UTC, deadline 4 December 08:00 UTC). */
const IN_TIME = new Date('2026-12-02T09:00:00.000Z');
const LATE = new Date('2026-12-04T20:30:00.000Z');

const breach = (overrides: Partial<StoredBreach> = {}, report = {}) => aStoredBreach({ assessment: anAssessment({ risk: 'high' }), ...overrides }, { ...FACTS, ...report });
const draftOf = (input: Partial<FilingDraftInput> = {}) => authorityFilingDraft({ profile: ap, breach: breach(), now: IN_TIME, ...input });
const field = (draft: AuthorityFilingDraft, id: DraftFieldId) => draft.sections.flatMap((section) => section.fields).find((candidate) => candidate.id === id);
const value = (draft: AuthorityFilingDraft, id: DraftFieldId) => field(draft, id)?.value;

/** What each element of Art. 33(3) must say, as text somewhere in its fields. */
const ELEMENT_FACTS: Record<'a' | 'b' | 'c' | 'd', readonly string[]> = {
  a: [FACTS.description, 'Naam en contactgegevens, Klantnummer', 'Gegevens over gezondheid'],
  b: [BREACH_CONTACT.name, BREACH_CONTACT.email, BREACH_CONTACT.phone],
  c: [FACTS.likelyConsequences],
  d: [FACTS.measuresTaken, FACTS.measuresProposed],
};

const FORMS = [
  { name: 'the AP form in Dutch', profile: ap, language: undefined, form: 'AP meldformulier datalekken', authority: 'Autoriteit Persoonsgegevens', subjects: '12.400', nature: 'vertrouwelijkheid' },
  { name: 'the GBA form in Dutch', profile: gba, language: 'nl', form: 'GBA formulier melding gegevenslek', authority: 'Gegevensbeschermingsautoriteit', subjects: '12.400', nature: 'vertrouwelijkheid' },
  {
    name: 'the GBA form in French',
    profile: gba,
    language: 'fr',
    form: "formulaire de notification d'une fuite de données de l'APD",
    authority: 'Autorité de protection des données',
    // French groups thousands with a narrow no-break space.
    subjects: '12\u202f400',
    nature: 'confidentialité',
  },
] as const;

describe('authorityFilingDraft: every Art. 33(3) element, on each form', () => {
  for (const { name, profile, language, form, authority, subjects, nature } of FORMS) {
    it(`drafts ${name} with (a) nature, categories and numbers, (b) the contact point, (c) consequences, (d) measures`, () => {
      // Act
      const draft = draftOf({ profile, language });

      // Assess
      expect(draft.authority).toMatchObject({ name: authority, form });
      expect(draft.phase).toBe('initial');
      for (const element of ['a', 'b', 'c', 'd'] as const) {
        const said = draft.art33Elements[element].map((id) => value(draft, id)).join('\n');
        expect(draft.art33Elements[element].length, element).toBeGreaterThan(0);
        for (const fact of ELEMENT_FACTS[element]) expect(said, `${element}: ${fact}`).toContain(fact);
        for (const id of draft.art33Elements[element]) expect(field(draft, id)?.art33).toBe(element);
      }
      const a = draft.art33Elements.a.map((id) => value(draft, id)).join('\n');
      expect(a).toContain(subjects);
      expect(a).toContain(nature);
      expect(draft.art33Elements.a).toEqual(expect.arrayContaining(['nature', 'dataCategories', 'subjectGroups', 'approxSubjects', 'approxRecords']));
      expect(value(draft, 'approxRecords')).toContain(language === 'fr' ? '31\u202f000' : '31.000');
      // In time: no delay to explain, so the element is not there.
      expect(draft.art33Elements.delay).toBeUndefined();
      expect(field(draft, 'delayReasons')).toBeUndefined();
    });

    it(`renders ${name} as Markdown and HTML with every element's facts and its article`, () => {
      const draft = draftOf({ profile, language });
      const markdown = renderFilingDraftMarkdown(draft);
      const html = renderFilingDraftHtml(draft);
      expect(markdown).toContain(`# ${language === 'fr' ? 'Projet pour le' : 'Concept voor het'} ${form}`);
      expect(html).toContain(`<html lang="${language ?? 'nl'}">`);
      for (const facts of Object.values(ELEMENT_FACTS)) {
        for (const fact of facts) {
          expect(markdown).toContain(fact);
          expect(html).toContain(fact);
        }
      }
      const tag = language === 'fr' ? 'art. 33.3.a RGPD' : 'art. 33 lid 3 onder a AVG';
      expect(markdown).toContain(`_(${tag})_`);
      expect(html).toContain(tag);
      for (const section of draft.sections) {
        expect(markdown).toContain(section.title);
        expect(html).toContain(section.title.replace("'", '&#39;'));
      }
    });
  }

  it('takes Dutch only for the AP and Dutch or French for the GBA, Dutch by default', () => {
    expect(filingLanguages('NL')).toEqual(['nl']);
    expect(filingLanguages('BE')).toEqual(['nl', 'fr']);
    expect(draftOf({ profile: gba }).language).toBe('nl');
    expect(() => draftOf({ language: 'fr' })).toThrow(FilingLanguageError);
    expect(() => draftOf({ language: 'en' })).toThrow(FilingLanguageError);
    // Own keys only: no form hides behind the prototype.
    expect(() => draftOf({ language: 'constructor' })).toThrow(FilingLanguageError);
    expect(() => draftOf({ profile: aProfile({ supervisoryAuthority: { ...AUTORITEIT_PERSOONSGEGEVENS, country: 'DE' } }) })).toThrow(FilingLanguageError);
  });

  it("shapes the AP draft like the AP's form: its sections, in its order", () => {
    expect(draftOf().sections.map((section) => section.title)).toEqual([
      'Soort melding',
      'Gegevens organisatie',
      'Over het datalek',
      'Gevolgen van het datalek',
      'Vervolgacties naar aanleiding van het datalek',
      'Informeren betrokkenen',
      'Internationale aspecten',
      'Te late melding',
    ]);
    expect(draftOf({ profile: gba, language: 'fr' }).sections.map((section) => section.id)).toEqual([
      'notification',
      'responsable',
      'traitement',
      'description',
      'consequences',
      'mesures',
      'communication',
      'transfrontalier',
      'retard',
    ]);
  });
});

describe('authorityFilingDraft: the facts as the form asks them', () => {
  it("names moments in the controller's zone, the zone said", () => {
    const draft = draftOf();
    expect(value(draft, 'awareAt')).toBe('1 december 2026 om 09:00 (Europe/Amsterdam)');
    expect(value(draft, 'occurredAt')).toBe('30 november 2026 om 23:00 (Europe/Amsterdam)');
    expect(value(draft, 'deadline')).toContain('4 december 2026 om 09:00 (Europe/Amsterdam)');
    expect(draft.deadline).toBe('2026-12-04T08:00:00.000Z');
    expect(value(draftOf({ profile: gba, language: 'fr' }), 'awareAt')).toBe('1 décembre 2026 à 09:00 (Europe/Brussels)');
  });

  it('says what is not known yet instead of leaving it blank, and lists it as pending', () => {
    // Prepare: no time of the breach, no special categories stated, not assessed, no phone, no address.
    const minimal = aStoredBreach({}, { ...FACTS, occurredAt: undefined, specialCategories: undefined, likelyConsequences: '  ' });
    const profile = aProfile({ breachContact: { ...BREACH_CONTACT, phone: undefined } });

    // Act
    const draft = authorityFilingDraft({ profile, breach: minimal, now: IN_TIME });

    // Assess
    const unknown = 'nog onbekend, volgt in aanvulling (art. 33 lid 4 AVG)';
    for (const id of ['occurredAt', 'specialCategories', 'consequences', 'riskAssessment', 'informSubjects', 'subjectGroups'] as const) {
      expect(value(draft, id), id).toBe(unknown);
    }
    expect(draft.pending).toEqual(expect.arrayContaining(['occurredAt', 'specialCategories', 'consequences', 'riskAssessment', 'informSubjects', 'subjectGroups']));
    expect(value(draft, 'contactPhone')).toBe('niet vastgelegd in de pipeline: vul dit zelf in op het formulier');
    expect(value(draft, 'postalAddress')).toBe('niet vastgelegd in de pipeline: vul dit zelf in op het formulier');
    for (const section of draft.sections) for (const { id, value: answer } of section.fields) expect(answer.trim(), id).not.toBe('');
    expect(value(authorityFilingDraft({ profile: gba, language: 'fr', breach: minimal, now: IN_TIME }), 'occurredAt')).toBe(
      'encore inconnu, suivra dans une notification complémentaire (art. 33.4 RGPD)',
    );
    // Stated as none is not unknown.
    expect(value(draftOf({ breach: breach({}, { specialCategories: [] }) }), 'specialCategories')).toBe('geen');
  });

  it('names the breached recipient and, as the affected group, its subjects up to the breach', () => {
    const atRecipient = breach({}, { source: { type: 'recipient', recipientId: 'nordhealth' } });
    const draft = draftOf({ breach: atRecipient, recipientName: 'Nordhealth Software GmbH' });
    expect(value(draft, 'source')).toBe('bij een ontvanger van de gegevens (verwerker of derde): Nordhealth Software GmbH');
    expect(value(draft, 'subjectGroups')).toBe(
      'betrokkenen van wie gegevens vóór 30 november 2026 om 23:00 (Europe/Amsterdam) aan Nordhealth Software GmbH zijn verstrekt, volgens het register van verstrekkingen',
    );
    expect(value(draftOf(), 'source')).toBe('bij de eigen organisatie');
  });

  it('says how subjects are told: by notices, not for a lower risk, or why not (Art. 34(3)) with the public communication', () => {
    const notices = { audience: { type: 'all' as const }, words: {}, partsTotal: 16, startedAt: '2026-12-02T08:00:00.000Z', startedBy: {} };
    expect(value(draftOf({ breach: breach({ notices }) }), 'informSubjects')).toBe(
      'Ja: de betrokkenen worden per e-mail geïnformeerd, in hun eigen taal, sinds 2 december 2026 om 09:00 (Europe/Amsterdam) (art. 34 AVG).',
    );
    expect(value(draftOf({ breach: breach({ notices }) }), 'subjectGroups')).toBe('alle betrokkenen van wie Acme Care B.V. gegevens verwerkt');
    // A list is kept by its size: its ids travel in the plan messages.
    const listed = { ...notices, audience: { type: 'list' as const, subjects: 1250, slicesSha256: [] } };
    expect(value(draftOf({ breach: breach({ notices: listed }) }), 'subjectGroups')).toBe('een vastgestelde lijst van 1250 betrokkenen');
    expect(value(draftOf(), 'informSubjects')).toContain('de berichten zijn nog niet verstuurd');
    expect(value(draftOf({ breach: breach({ assessment: anAssessment({ risk: 'risk' }) }) }), 'informSubjects')).toContain('niet verplicht (art. 34 lid 1 AVG)');
    const exempt = breach({
      assessment: anAssessment({ risk: 'high', exemption: { ground: 'disproportionate_effort', reasoning: 'Geen adressen van oud-klanten.' } }),
      publicCommunication: { publishedAt: '2026-12-03T10:00:00.000Z', channel: 'website', url: 'https://acme-care.example/datalek', recordedAt: '2026-12-03T10:05:00.000Z', recordedBy: {} },
    });
    const answer = value(draftOf({ breach: exempt }), 'informSubjects');
    expect(answer).toContain('onevenredige inspanning');
    expect(answer).toContain('Onderbouwing: Geen adressen van oud-klanten.');
    expect(answer).toContain('De openbare mededeling is gedaan op 3 december 2026 om 11:00 (Europe/Amsterdam), via website (https://acme-care.example/datalek).');
  });

  it('states the assessment with its reasoning, and establishments elsewhere as cross-border', () => {
    expect(value(draftOf(), 'riskAssessment')).toBe(
      'Beoordeeld als een hoog risico voor de rechten en vrijheden van de betrokkenen, door DPO op 1 december 2026 om 13:00 (Europe/Amsterdam). Onderbouwing: Contact data only; phishing is likely, no further harm.',
    );
    expect(value(draftOf(), 'crossBorder')).toBe('Nee: alle vestigingen van de organisatie liggen in Nederland.');
    expect(value(draftOf({ profile: gba }), 'crossBorder')).toBe('Ja: andere vestigingen van de organisatie: Acme Care B.V. (Nederland, Autoriteit Persoonsgegevens).');
    expect(value(draftOf({ profile: gba, language: 'fr' }), 'crossBorder')).toBe(
      "Oui : autres établissements de l'organisation : Acme Care B.V. (Pays-Bas, Autoriteit Persoonsgegevens).",
    );
  });
});

describe('authorityFilingDraft: phases and lateness', () => {
  it('asks the reasons for the delay once the 72 hours have passed, as the Art. 33(1) element', () => {
    // Act
    const draft = draftOf({ now: LATE });

    // Assess
    expect(value(draft, 'late')).toBe('Ja: de termijn van 72 uur verliep op 4 december 2026 om 09:00 (Europe/Amsterdam).');
    expect(field(draft, 'delayReasons')).toMatchObject({
      art33: 'delay',
      value: 'In te vullen: waarom de melding later komt dan 72 uur na de ontdekking (verplicht, art. 33 lid 1 AVG).',
    });
    expect(draft.art33Elements.delay).toEqual(['delayReasons']);
    expect(renderFilingDraftMarkdown(draft)).toContain('art. 33 lid 1 AVG');
    // At the deadline itself the filing is still in time.
    expect(field(draftOf({ now: new Date('2026-12-04T08:00:00.000Z') }), 'delayReasons')).toBeUndefined();
  });

  it('drafts a supplement once an initial filing is recorded, naming its reference; lateness stays as frozen at the first filing', () => {
    // Prepare: the first filing came 2.5 hours late, with its reasons.
    const filed = breach({
      filings: [aFiling({ filedAt: '2026-12-04T10:30:00.000Z', delayReasons: 'Het forensisch onderzoek liep tot 4 december.' })],
      lateByMinutes: 150,
    });

    // Act
    const draft = draftOf({ breach: filed, now: new Date('2026-12-10T12:00:00.000Z') });

    // Assess
    expect(draft.phase).toBe('supplement');
    expect(value(draft, 'filingType')).toBe('Aanvulling op een eerdere melding');
    expect(value(draft, 'previousReference')).toBe('AP-2026-12345 (eerste melding van 4 december 2026 om 11:30 (Europe/Amsterdam))');
    expect(value(draft, 'late')).toBe('Ja: de eerste melding is op 4 december 2026 om 11:30 (Europe/Amsterdam) gedaan, 2,5 uur na het verstrijken van de termijn van 72 uur.');
    expect(value(draft, 'delayReasons')).toBe('Het forensisch onderzoek liep tot 4 december.');
    expect(value(draftOf({ profile: gba, language: 'fr', breach: filed }), 'filingType')).toBe('Notification complémentaire');
  });

  it('reports a supplement to a filing made in time as in time, however late the supplement', () => {
    const draft = draftOf({ breach: breach({ filings: [aFiling()], lateByMinutes: 0 }), now: new Date('2026-12-20T12:00:00.000Z') });
    expect(value(draft, 'late')).toBe('Nee: de eerste melding is op 2 december 2026 om 11:00 (Europe/Amsterdam) gedaan, binnen 72 uur.');
    expect(field(draft, 'delayReasons')).toBeUndefined();
    expect(field(draftOf(), 'previousReference')).toBeUndefined();
  });

  it('is pure: the same breach at the same moment drafts the same filing', () => {
    expect(draftOf()).toEqual(draftOf());
    expect(draftOf().generatedAt).toBe(IN_TIME.toISOString());
    expect(draftOf().breachId).toBe(BREACH_ID);
  });
});

describe('the readable drafts escape what the legal team typed', () => {
  const HOSTILE = '<script>alert(1)</script> **vet** [klik](javascript:alert(1))\n# Kop\n- lijst\n1. punt & `code`';
  const hostile = breach({}, { description: HOSTILE, dataCategories: ['<img src=x onerror=alert(1)>'] });

  it('keeps markup out of the HTML and makes Markdown syntax literal, lines kept', () => {
    const draft = draftOf({ breach: hostile });
    const html = renderFilingDraftHtml(draft);
    const markdown = renderFilingDraftMarkdown(draft);

    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<br>\n# Kop');

    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('\\<script\\>alert(1)\\</script\\> \\*\\*vet\\*\\* \\[klik\\](javascript:alert(1))');
    expect(markdown).toContain('\n\\# Kop\n\\- lijst\n1\\. punt \\& \\`code\\`');
    expect(markdown).toContain('\\<img src=x onerror=alert(1)\\>');
    // The JSON keeps the text as typed: it is data, escaped by whoever renders it.
    expect(value(draft, 'summary')).toBe(HOSTILE);
  });

  it('puts names on one line', () => {
    const draft = draftOf({ profile: aProfile({ legalName: 'Acme\r\nBcc: x@example.com', breachContact: BREACH_CONTACT }) });
    expect(value(draft, 'organisation')).toBe('Acme Bcc: x@example.com');
  });
});
