import type { PolicyProfile } from '../../policy/policy-profile';
import type { StoredBreach } from '../breach';
import { breachContactOf } from '../breach-contact';
import { filingDeadline } from '../breach-clock';
import type { FilingLanguage } from './draft-format';
import { DRAFT_WORDS } from './draft-words';
import { filingFieldValues } from './filing-values';
import { ART33_ELEMENTS, ART33_OF, filingForm, type Art33Element, type DraftFieldId, type FilingAuthority } from './filing-forms';

export interface DraftField {
  id: DraftFieldId;
  /** The question as the authority's form asks it. */
  label: string;
  /** What to type: never blank; a fact not known yet says it follows in a supplement (Art. 33(4)). */
  value: string;
  /** The element of Art. 33(3) (or the delay reasons of Art. 33(1)) this field answers. */
  art33?: Art33Element;
}

export interface DraftSection {
  id: string;
  title: string;
  fields: DraftField[];
}

/** What the DPO types on the authority's web form, section by section, in the form's own order and words. */
export interface AuthorityFilingDraft {
  authority: FilingAuthority;
  language: FilingLanguage;
  /** `supplement` once an initial filing is recorded (Art. 33(4): information in phases). */
  phase: 'initial' | 'supplement';
  controllerId: string;
  breachId: string;
  generatedAt: string;
  /** The end of the 72 hours from awareness (Art. 33(1)). */
  deadline: string;
  sections: DraftSection[];
  /** Fields whose facts are not known yet: they follow in a supplement (Art. 33(4)). */
  pending: DraftFieldId[];
  /** The fields answering each element of Art. 33(3); `delay` only when the filing is or was late. */
  art33Elements: Record<'a' | 'b' | 'c' | 'd', DraftFieldId[]> & { delay?: DraftFieldId[] };
}

export interface FilingDraftInput {
  profile: PolicyProfile;
  breach: StoredBreach;
  /** `nl` or `fr`, as the authority takes them; its first language when absent. */
  language?: string;
  now: Date;
  /** The breached recipient's name, when the breach happened at one: the breach holds its id only. */
  recipientName?: string;
}

/**
 * The filing with the controller's lead supervisory authority, drafted in the shape of that authority's form
 * (NL: the AP's, in Dutch; BE: the GBA's, in Dutch or French): every element of Art. 33(3), and the reasons for
 * a delay when the 72 hours have passed. Pure: the same breach at the same moment drafts the same filing.
 * Throws FilingLanguageError for a language the authority's form does not take.
 */
export function authorityFilingDraft(input: FilingDraftInput): AuthorityFilingDraft {
  const { profile, breach, now } = input;
  const form = filingForm(profile.supervisoryAuthority.country, input.language);
  const phase = breach.filings.some((filing) => filing.phase === 'initial') ? 'supplement' : 'initial';
  const values = filingFieldValues({ form, profile, breach, phase, now, contact: breachContactOf(profile), recipientName: input.recipientName });
  const sections = form.sections.map(({ id, title, fields }) => ({
    id,
    title,
    fields: fields.flatMap(([fieldId, label]): DraftField[] => {
      const value = values[fieldId];
      if (value === undefined) return [];
      const art33 = ART33_OF[fieldId];
      return [{ id: fieldId, label, value, ...(art33 ? { art33 } : {}) }];
    }),
  }));
  const fieldsOf = (element: Art33Element) => sections.flatMap((section) => section.fields).filter((field) => field.art33 === element).map((field) => field.id);
  const art33Elements = Object.fromEntries(
    ART33_ELEMENTS.map((element) => [element, fieldsOf(element)] as const).filter(([element, ids]) => element !== 'delay' || ids.length > 0),
  ) as AuthorityFilingDraft['art33Elements'];
  return {
    authority: form.authority,
    language: form.language,
    phase,
    controllerId: profile.controllerId,
    breachId: breach.report.breachId,
    generatedAt: now.toISOString(),
    deadline: filingDeadline(breach.report.awareAt),
    sections,
    pending: sections.flatMap((section) => section.fields).filter((field) => field.value === DRAFT_WORDS[form.language].unknown).map((field) => field.id),
    art33Elements,
  };
}
