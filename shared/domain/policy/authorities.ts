import type { SupervisoryAuthority } from './policy-profile';

/** Supervisory authorities (GDPR Art. 51) of the countries our controllers are established in. */
export const AUTORITEIT_PERSOONSGEGEVENS: SupervisoryAuthority = {
  name: 'Autoriteit Persoonsgegevens',
  country: 'NL',
  website: 'https://autoriteitpersoonsgegevens.nl',
};

export const GEGEVENSBESCHERMINGSAUTORITEIT: SupervisoryAuthority = {
  name: 'Gegevensbeschermingsautoriteit',
  country: 'BE',
  website: 'https://www.gegevensbeschermingsautoriteit.be',
};
