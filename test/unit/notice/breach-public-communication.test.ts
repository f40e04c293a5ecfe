import { describe, expect, it } from 'vitest';
import type { BreachNoticeWords } from '../../../shared/domain/breach/breach';
import { draftPublicCommunication } from '../../../shared/domain/notice/breach-public-communication';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { aStoredBreach } from '../../helpers/breach-fakes';
import { profile } from './fixtures';

const DPO = { name: 'Functionaris gegevensbescherming', email: 'fg@etsoft.example', phone: '+31 20 123 4567', source: 'Onze FG is bereikbaar via fg@etsoft.example.' };
const withDpo: PolicyProfile = { ...profile, breachContact: DPO };

const WORDS_NL: BreachNoticeWords = {
  nature: 'Er is een laptop gestolen met uw naam en klantnummer erop.',
  consequences: 'U kunt nepmails krijgen die van ons lijken te komen.',
  measures: 'Wij hebben de laptop op afstand gewist.',
  advice: 'Klik niet op links in mails over uw klantnummer.',
};

describe('draftPublicCommunication', () => {
  it("tells in Dutch, from the breach report, everything Art. 34(2) asks: what happened, the data, the consequences, the measures, what to do and whom to ask", () => {
    const draft = draftPublicCommunication({ profile: withDpo, breach: aStoredBreach({}, { specialCategories: ['Gezondheid'] }), locale: 'nl' });
    expect(draft.wordsFrom).toBe('report');
    expect(draft.title).toBe('Datalek bij ETSoft B.V.: wat er is gebeurd en wat u kunt doen');
    for (const out of [draft.text, draft.html]) {
      expect(out).toContain('Op 1 december 2026 ontdekte ETSoft B.V. een datalek: persoonsgegevens van ongeveer 1.200 mensen');
      expect(out).toContain('Het lek ontstond op 30 november 2026.');
      expect(out).toContain('artikel 34, lid 3, onder c, van de AVG');
      expect(out).toContain('A laptop with an unencrypted export of the customer file was stolen from a car.');
      expect(out).toContain('Name and contact details');
      expect(out).toContain('Customer number');
      expect(out).toContain('Ook bijzondere persoonsgegevens: Gezondheid');
      expect(out).toContain('Phishing in the name of the controller.');
      expect(out).toContain('The laptop was wiped remotely; passwords were reset.');
      expect(out).toContain('Encrypt every laptop disk.');
      expect(out).toContain('Wees alert op e-mails, sms-berichten en telefoontjes');
      expect(out).toContain('neem dan contact op met Functionaris gegevensbescherming');
      expect(out).toContain('fg@etsoft.example');
      expect(out).toContain('Bellen kan ook: +31 20 123 4567.');
      expect(out).toContain('Autoriteit Persoonsgegevens');
    }
    for (const heading of ['Wat er is gebeurd', 'Om welke gegevens het gaat', 'Wat de gevolgen voor u kunnen zijn', 'Wat wij hebben gedaan en nog doen', 'Wat u zelf kunt doen', 'Vragen']) {
      expect(draft.text).toContain(`\n${heading}\n`);
    }
    expect(draft.html).toContain('<html lang="nl">');
    expect(draft.html).toContain('href="mailto:fg@etsoft.example"');
    expect(draft.html).toContain('<a href="https://autoriteitpersoonsgegevens.nl"');
  });

  it('tells the same in English', () => {
    const draft = draftPublicCommunication({ profile: withDpo, breach: aStoredBreach(), locale: 'en' });
    expect(draft.title).toBe('Data breach at ETSoft B.V.: what happened and what you can do');
    for (const out of [draft.text, draft.html]) {
      expect(out).toContain('On 1 December 2026 ETSoft B.V. discovered a personal data breach: personal data of about 1,200 people');
      expect(out).toContain('The breach happened on 30 November 2026.');
      expect(out).toContain('Article 34(3)(c) of the GDPR');
      expect(out).toContain('A laptop with an unencrypted export');
      expect(out).toContain('Be alert to emails, text messages and calls');
      expect(out).toContain('please contact Functionaris gegevensbescherming: ');
      expect(out).toContain('You can also call: +31 20 123 4567.');
      expect(out).toContain('lodge a complaint with the supervisory authority, the Autoriteit Persoonsgegevens');
    }
    expect(draft.html).toContain('<html lang="en">');
  });

  it("tells the subject notices' words for a language they were written in, and the report's for the other", () => {
    const breach = aStoredBreach({
      notices: { audience: { type: 'all' }, words: { nl: WORDS_NL }, partsTotal: 16, startedAt: '2026-12-02T09:00:00.000Z', startedBy: { clientId: 'legal-console' } },
    });
    const nl = draftPublicCommunication({ profile: withDpo, breach, locale: 'nl' });
    expect(nl.wordsFrom).toBe('notice-words');
    for (const words of Object.values(WORDS_NL)) expect(nl.text).toContain(words);
    expect(nl.text).not.toContain('A laptop with an unencrypted export');
    expect(nl.text).not.toContain('Wees alert op');
    const en = draftPublicCommunication({ profile: withDpo, breach, locale: 'en' });
    expect(en.wordsFrom).toBe('report');
    expect(en.text).toContain('A laptop with an unencrypted export');
  });

  it('gives no phone when the contact point has none, and no start of the breach when it is not known', () => {
    const noPhone: PolicyProfile = { ...profile, breachContact: { name: 'Privacyteam ETSoft', email: 'privacy@etsoft.example', source: DPO.source } };
    const draft = draftPublicCommunication({ profile: noPhone, breach: aStoredBreach({}, { occurredAt: undefined }), locale: 'nl' });
    expect(draft.text).toContain('neem dan contact op met Privacyteam ETSoft: privacy@etsoft.example.');
    expect(draft.text).not.toContain('Bellen kan ook');
    expect(draft.text).not.toContain('Het lek ontstond');
  });

  it('escapes every value in HTML and keeps the title one line, whatever the report and profile hold', () => {
    const hostile = '<script>alert("x")</script> & \'quotes\'';
    const breach = aStoredBreach({}, {
      description: `${hostile}\nline two`,
      likelyConsequences: hostile,
      measuresTaken: hostile,
      measuresProposed: hostile,
      dataCategories: [hostile],
      specialCategories: [hostile],
    });
    const hostileProfile: PolicyProfile = { ...withDpo, legalName: 'Evil <b>Corp</b>\r\nBcc: x@example.com', breachContact: { ...DPO, name: hostile, phone: hostile } };
    for (const locale of ['nl', 'en'] as const) {
      const draft = draftPublicCommunication({ profile: hostileProfile, breach, locale });
      expect(draft.html).not.toContain('<script>');
      expect(draft.html).not.toContain('<b>Corp</b>');
      expect(draft.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
      expect(draft.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;<br>line two');
      expect(draft.title).not.toMatch(/[\r\n]/);
      expect(draft.title).toContain('Evil <b>Corp</b> Bcc: x@example.com');
      expect(draft.html).toContain('<title>Datalek bij Evil &lt;b&gt;Corp&lt;/b&gt;'.replace('Datalek bij', locale === 'nl' ? 'Datalek bij' : 'Data breach at'));
      // The text part is for pasting into a page or a press release: values as written.
      expect(draft.text).toContain(hostile);
    }
  });
});
