import { describe, expect, it } from 'vitest';
import { authorityFilingDraft } from '../../../shared/domain/breach/filing-draft/filing-draft';
import { renderFilingDraftMarkdown } from '../../../shared/domain/breach/filing-draft/render-markdown';
import { renderBreachFilingEmail, type BreachFilingEmailInput } from '../../../shared/domain/notice/breach-filing-email';
import { GEGEVENSBESCHERMINGSAUTORITEIT } from '../../../shared/domain/policy/authorities';
import type { PolicyProfile } from '../../../shared/domain/policy/policy-profile';
import { BREACH_ID, aFiling, aStoredBreach, anAssessment } from '../../helpers/breach-fakes';
import { aProfile } from '../../helpers/factories';
import { SCRIPT } from './fixtures';

const DPO = { name: 'Mr. F. de Vries', email: 'fg@acme-care.example', phone: '+31 20 555 0101', source: 'Onze functionaris gegevensbescherming.' };
const AWARE_AT = '2026-12-01T08:00:00.000Z';
const IN_TIME = new Date('2026-12-02T09:00:00.000Z');
const ENDPOINT = `/v1/controllers/acme-care/breaches/${BREACH_ID}`;

function mail(options: { profile?: PolicyProfile; now?: Date; filed?: boolean; locale?: BreachFilingEmailInput['locale']; description?: string } = {}) {
  const profile = options.profile ?? aProfile({ breachContact: DPO });
  const now = options.now ?? IN_TIME;
  const breach = aStoredBreach(
    { assessment: anAssessment({ risk: 'high' }), ...(options.filed ? { filings: [aFiling()], lateByMinutes: 0 } : {}) },
    { occurredAt: undefined, ...(options.description ? { description: options.description } : {}) },
  );
  const draft = authorityFilingDraft({ profile, breach, now });
  return { draft, email: renderBreachFilingEmail({ profile, draft, awareAt: AWARE_AT, now, contactName: DPO.name, locale: options.locale }) };
}

describe('renderBreachFilingEmail', () => {
  it('sends the DPO the draft with the deadline, the hours left, what is still unknown, where to file and how to record it', () => {
    // Act
    const { draft, email } = mail();

    // Assess
    expect(email.subject).toBe(`Concept-melding van datalek ${BREACH_ID} voor de Autoriteit Persoonsgegevens: uiterlijk 4 december 2026 om 09:00 (Europe/Amsterdam)`);
    for (const out of [email.text, email.html]) {
      expect(out).toContain('Aan Mr. F. de Vries en het privacyteam van Acme Care B.V.,');
      expect(out).toContain('wat u invult op het AP meldformulier datalekken');
      expect(out).toContain('verloopt op 4 december 2026 om 09:00 (Europe/Amsterdam) (4 december 2026 om 08:00 UTC): nog 47 uur.');
      expect(out).toContain(
        'Nog onbekend, aan te vullen zodra het bekend is (artikel 33, lid 4, AVG): Wanneer vond het datalek plaats?; Gaat het om bijzondere of strafrechtelijke persoonsgegevens?',
      );
      expect(out).toContain('https://autoriteitpersoonsgegevens.nl');
      expect(out).toContain(`${ENDPOINT}/filings`);
      expect(out).toMatch(new RegExp(`${ENDPOINT}/filing-draft(</code>)?\\?format=json\\|markdown\\|html`));
      // The draft itself, every Art. 33(3) element with it.
      expect(out).toContain('A laptop with an unencrypted export of the customer file was stolen from a car.');
      expect(out).toContain('fg@acme-care.example');
      expect(out).toContain('Phishing in the name of the controller.');
      expect(out).toContain('Encrypt every laptop disk.');
    }
    // The text part is the Markdown of the draft.
    expect(email.text).toContain(renderFilingDraftMarkdown(draft));
    expect(email.text).toContain('{"phase": "initial", "filedAt": "<tijdstip van de melding, ISO 8601>", "filedBy": "<naam>", "reference": "<meldnummer>"}');
    expect(email.text).not.toContain('language=fr');
    expect(email.html).toContain('<a href="https://autoriteitpersoonsgegevens.nl"');
    expect(email.html).toContain('<html lang="nl">');
  });

  it('says the 72 hours have passed and asks for the delay reasons in the filing to record', () => {
    const { email } = mail({ now: new Date('2026-12-04T09:00:00.000Z') });
    expect(email.subject).toBe(`Datalek ${BREACH_ID}: meld nu bij de Autoriteit Persoonsgegevens, de termijn van 72 uur is verstreken`);
    expect(email.text).toContain('verliep op 4 december 2026 om 09:00 (Europe/Amsterdam)');
    expect(email.text).toContain('"delayReasons": "<redenen voor de vertraging>"');
    expect(email.text).toContain('waarom de melding later komt dan 72 uur na de ontdekking');
  });

  it('sends the next supplement once a filing is recorded, without a deadline to race', () => {
    const { email } = mail({ filed: true, now: new Date('2026-12-08T09:00:00.000Z') });
    expect(email.subject).toBe(`Concept-aanvulling op de melding van datalek ${BREACH_ID} bij de Autoriteit Persoonsgegevens`);
    expect(email.text).toContain('als aanvulling op het AP meldformulier datalekken');
    expect(email.text).toContain('AP-2026-12345');
    expect(email.text).toContain('"phase": "supplement"');
    expect(email.text).not.toContain('nog 0 uur');
  });

  it("writes around the draft in the profile's default language and offers the GBA's French form", () => {
    const belgian = aProfile({ country: 'BE', defaultLocale: 'en', breachContact: DPO, supervisoryAuthority: GEGEVENSBESCHERMINGSAUTORITEIT });
    const { email } = mail({ profile: belgian });
    expect(email.subject).toContain('Draft filing of breach');
    expect(email.text).toContain('what to type on the GBA formulier melding gegevenslek');
    expect(email.text).toContain("?format=json|markdown|html\nFor the form's French version: language=fr.");
    expect(email.text).toContain('(Europe/Brussels)');
    // The draft stays in the authority's language.
    expect(email.text).toContain('Identificatie van de verwerkingsverantwoordelijke');
  });

  it('escapes what the legal team typed in the HTML and keeps the subject on one line', () => {
    const { email } = mail({ description: `Lek ${SCRIPT}`, profile: aProfile({ breachContact: { ...DPO, name: `Eve\r\n${SCRIPT}` } }) });
    expect(email.html).not.toContain(SCRIPT);
    expect(email.html).toContain('Lek &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.text).toContain('Lek \\<script\\>alert(1)\\</script\\>');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });
});
