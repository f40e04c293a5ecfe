import { type LocalFunction, functionNamed } from './functions';
import { type ReadContext, activeResources } from './read-context';

export type RouteAuthorization =
  | { type: 'NONE' }
  | { type: 'JWT'; issuer: string; audience: string[]; scopes: string[] };

export interface HttpRoute {
  /** `METHOD /path/{param}`, `ANY /path/{proxy+}` or `$default`, as API Gateway matches it. */
  routeKey: string;
  functionLogicalId: string;
  authorization: RouteAuthorization;
}

export interface CorsConfiguration {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge?: number;
}

export interface HttpApi {
  routes: HttpRoute[];
  cors?: CorsConfiguration;
}

/**
 * The HTTP API's routes, each with the function its Lambda proxy integration invokes and the JWT
 * authorizer that guards it. Stage throttling and access logs have no local counterpart.
 */
export function readHttpApi(context: ReadContext, functions: readonly LocalFunction[]): HttpApi {
  const apis = activeResources(context, 'AWS::ApiGatewayV2::Api').filter(({ props }) => props.ProtocolType === 'HTTP');
  if (apis.length > 1) context.warn('more than one HTTP API: all their routes are served on the one local port');
  const integrations = new Map(activeResources(context, 'AWS::ApiGatewayV2::Integration').map((item) => [item.logicalId, item.props]));
  const authorizers = new Map(activeResources(context, 'AWS::ApiGatewayV2::Authorizer').map((item) => [item.logicalId, item.props]));

  const routes: HttpRoute[] = [];
  for (const { logicalId, props } of activeResources(context, 'AWS::ApiGatewayV2::Route')) {
    const routeKey = String(props.RouteKey);
    const skip = (reason: string) => context.warn(`${logicalId} (${routeKey}): ${reason}; route not served`);
    const integrationId = String(props.Target ?? '').replace(/^integrations\//, '');
    const integration = integrations.get(integrationId);
    if (!integration || integration.IntegrationType !== 'AWS_PROXY') {
      skip('only Lambda proxy integrations run locally');
      continue;
    }
    if (String(integration.PayloadFormatVersion ?? '1.0') !== '2.0') {
      skip('only payload format 2.0 is emulated');
      continue;
    }
    const fn = functionNamed(functions, integration.IntegrationUri);
    if (!fn) {
      skip('its integration does not invoke a function that runs locally');
      continue;
    }
    const authorization = routeAuthorization(props, authorizers);
    if ('unsupported' in authorization) {
      skip(authorization.unsupported);
      continue;
    }
    routes.push({ routeKey, functionLogicalId: fn.logicalId, authorization });
  }
  return { routes, cors: corsOf(apis[0]?.props.CorsConfiguration) };
}

function routeAuthorization(
  route: Record<string, unknown>,
  authorizers: Map<string, Record<string, unknown>>,
): RouteAuthorization | { unsupported: string } {
  const type = String(route.AuthorizationType ?? 'NONE');
  if (type === 'NONE') return { type: 'NONE' };
  const authorizer = authorizers.get(String(route.AuthorizerId));
  if (type !== 'JWT' || authorizer?.AuthorizerType !== 'JWT') return { unsupported: `${type} authorization is not emulated` };
  const jwt = authorizer.JwtConfiguration as { Issuer: string; Audience?: string[] };
  return {
    type: 'JWT',
    issuer: jwt.Issuer,
    audience: jwt.Audience ?? [],
    scopes: (route.AuthorizationScopes as string[] | undefined) ?? [],
  };
}

function corsOf(config: unknown): CorsConfiguration | undefined {
  if (!config) return undefined;
  const cors = config as Record<string, unknown>;
  const list = (value: unknown) => ((value as string[] | undefined) ?? []).map(String);
  return {
    allowOrigins: list(cors.AllowOrigins),
    allowMethods: list(cors.AllowMethods),
    allowHeaders: list(cors.AllowHeaders),
    exposeHeaders: list(cors.ExposeHeaders),
    allowCredentials: cors.AllowCredentials === true,
    maxAge: cors.MaxAge === undefined ? undefined : Number(cors.MaxAge),
  };
}
