import { AUTORITEIT_PERSOONSGEGEVENS } from '../authorities';
import { defineProfile } from '../policy-profile';

/** Softmedex and affiliated companies. Seed policy 000_a457989d273710cf. */
export const softmedex = defineProfile({
  controllerId: 'softmedex',
  legalName: 'Softmedex',
  country: 'NL',
  // "Neem dan contact met ons op per e-mail via info@softmedex.com."
  contactEmail: 'info@softmedex.com',
  privacyEmail: 'info@softmedex.com',
  // The policy names no sending address; notices go from the privacy mailbox and answers go to info@.
  sender: { address: 'privacy@softmedex.com', name: 'Softmedex Privacy', replyTo: 'info@softmedex.com' },
  languages: ['nl', 'en'],
  defaultLocale: 'nl',
  // "Klachten ... kunt u ook richten aan een van de volgende nationale gegevensbeschermingsautoriteiten."
  supervisoryAuthority: AUTORITEIT_PERSOONSGEGEVENS,
  disclosureNotice: {
    mode: 'after',
    source:
      'In alle bovenstaande gevallen zullen we u op de hoogte stellen dat uw persoonsgegevens zijn gedeeld met een derde partij.',
  },
});
