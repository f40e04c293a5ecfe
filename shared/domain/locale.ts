/** Languages a notice can be written in. Adding one means adding its template texts too. */
export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
