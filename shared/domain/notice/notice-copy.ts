import type { Locale } from '../locale';
import type { Slot } from './notice-template';

/** The values the closing sections name. */
export type ClosingKey = 'controllerName' | 'contactEmail' | 'privacyEmail' | 'authorityName' | 'authorityWebsite';

/** How every notice to a subject ends: their rights, where to complain, who writes. */
export interface ClosingCopy {
  questionsHeading: string;
  rightsHeading: string;
  rights: (slot: Slot<ClosingKey>) => string;
  complaintHeading: string;
  complaint: (slot: Slot<ClosingKey>) => string;
  closing: string;
  footer: (slot: Slot<ClosingKey>) => string;
}

export const CLOSING_COPY: Readonly<Record<Locale, ClosingCopy>> = {
  nl: {
    questionsHeading: 'Vragen',
    rightsHeading: 'Uw rechten',
    rights: (v) =>
      `Op grond van de AVG heeft u het recht om uw persoonsgegevens in te zien, te laten corrigeren en te laten ` +
      `verwijderen. Ook kunt u ons vragen het gebruik van uw gegevens te beperken, en kunt u bezwaar maken tegen ` +
      `het gebruik ervan. Stuur uw verzoek naar ${v('privacyEmail')}.`,
    complaintHeading: 'Klacht indienen',
    complaint: (v) =>
      `Bent u niet tevreden over hoe wij met uw persoonsgegevens omgaan? Dan kunt u een klacht indienen bij de ` +
      `toezichthouder, de ${v('authorityName')} (${v('authorityWebsite')}).`,
    closing: 'Met vriendelijke groet,',
    footer: (v) => `U ontvangt dit bericht omdat ${v('controllerName')} uw persoonsgegevens verwerkt.`,
  },
  en: {
    questionsHeading: 'Questions',
    rightsHeading: 'Your rights',
    rights: (v) =>
      `Under the GDPR you have the right to access your personal data and to have it corrected or erased. ` +
      `You can also ask us to restrict how we use your data, and you can object to our use of it. ` +
      `Please send your request to ${v('privacyEmail')}.`,
    complaintHeading: 'Complaints',
    complaint: (v) =>
      `If you are not satisfied with how we handle your personal data, you can lodge a complaint with the ` +
      `supervisory authority, the ${v('authorityName')} (${v('authorityWebsite')}).`,
    closing: 'Kind regards,',
    footer: (v) => `You are receiving this message because ${v('controllerName')} processes your personal data.`,
  },
};
