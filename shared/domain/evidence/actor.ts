/**
 * Who acted, as the access token names them (the Cognito client id and the token's subject), or the subject
 * on a public route: kept in the evidence beside what a request body claims, such as `approvedBy`.
 */
export interface Actor {
  clientId?: string;
  sub?: string;
  /**
   * A data subject acting for themselves without a token, by their pseudonymous id: on the controller's
   * website (`via: 'website'`), as the person who typed the address the subject registered. Who they are is
   * established only when they confirm through that address.
   */
  subjectId?: string;
  via?: 'website';
}
