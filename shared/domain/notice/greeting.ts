import type { Locale } from '../locale';
import { headerSafe } from './escape';

const GREETINGS: Readonly<Record<Locale, { named: (name: string) => string; neutral: string }>> = {
  nl: { named: (name) => `Beste ${name},`, neutral: 'Geachte heer/mevrouw,' },
  en: { named: (name) => `Dear ${name},`, neutral: 'Dear Sir or Madam,' },
};

/** The opening line, plain and on one line: by name when the controller gave one, neutral otherwise. */
export function greeting(name: string | undefined, locale: Locale): string {
  const clean = headerSafe(name ?? '');
  return clean === '' ? GREETINGS[locale].neutral : GREETINGS[locale].named(clean);
}
