/**
 * Who acted, as the access token names them (the Cognito client id and the token's subject): kept in the
 * evidence beside what a request body claims, such as `approvedBy`.
 */
export interface Actor {
  clientId?: string;
  sub?: string;
}
