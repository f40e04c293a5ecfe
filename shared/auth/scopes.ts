/**
 * OAuth scopes of the v1 API. Cognito names a resource server's scopes `<identifier>/<scope>`, and the
 * API Gateway JWT authorizer compares them verbatim, so routes and tokens both use the full name.
 * A caller's controllers travel as scopes too (`controller:<id>`), which Cognito issues without a
 * token-customisation trigger.
 */
export const RESOURCE_SERVER_ID = 'disclosure-pipeline';

export const API_SCOPES = [
  'subjects:write',
  'recipients:write',
  'disclosures:write',
  'disclosures:read',
  /** Records a disclosure the controller's policy does not allow, as a justified exception. */
  'disclosures:override',
  'erasures:write',
  'erasures:read',
  /** Registers breaches, records assessments, filings, subject notices and public communications. */
  'breaches:write',
  'breaches:read',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function fullScope(scope: string): string {
  return scope.includes('/') ? scope : `${RESOURCE_SERVER_ID}/${scope}`;
}

export function controllerScope(controllerId: string): string {
  return fullScope(`controller:${controllerId}`);
}

/** The controllers a token's space-separated `scope` claim names. */
export function controllersInScope(scopeClaim: string | undefined): string[] {
  const prefix = `${RESOURCE_SERVER_ID}/controller:`;
  return (scopeClaim ?? '')
    .split(/\s+/)
    .filter((scope) => scope.startsWith(prefix))
    .map((scope) => scope.slice(prefix.length));
}

/** Whether a token's `scope` claim holds an API scope. */
export function hasScope(scopeClaim: string | undefined, scope: ApiScope): boolean {
  return (scopeClaim ?? '').split(/\s+/).includes(fullScope(scope));
}
