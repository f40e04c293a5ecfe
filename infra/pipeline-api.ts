import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { FeaturePlan, OAuthScope, ResourceServerScope, UserPool, UserPoolResourceServer, type UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { API_SCOPES, RESOURCE_SERVER_ID, fullScope, type ApiScope } from '../shared/auth/scopes';
import type { PolicyProfile } from '../shared/domain/policy/policy-profile';
import { API_ROUTES, PUBLIC_ROUTES } from '../shared/http/routes';
import type { PipelineFunction } from './pipeline-function';

/** Each public route (per route key, `GET /o/{token}`...) gets its own bucket, below the /v1 routes' stage limit. */
const PUBLIC_ROUTE_THROTTLE = { rateLimit: 10, burstLimit: 20 };
/**
 * Access log fields: no `$context.identity.sourceIp` or `userAgent` (data subjects visit /o/{token}, and their
 * addresses would sit in the log for a year) and no `$context.path` (it holds the signed link); the route key
 * names the route template only.
 */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  routeKey: '$context.routeKey',
  status: '$context.status',
  requestTime: '$context.requestTime',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationErrorMessage: '$context.integrationErrorMessage',
});

/** HTTP API whose every /v1 route needs a Cognito-issued JWT carrying the route's scope. */
export function pipelineApi(
  scope: Construct,
  apiFunction: PipelineFunction,
  publicFunction: PipelineFunction,
  cognitoDomainPrefix: string | undefined,
  profiles: readonly PolicyProfile[],
): HttpApi {
  const { userPool, clients } = clientPool(scope, cognitoDomainPrefix, profiles);
  const authorizer = new HttpJwtAuthorizer('CognitoJwt', userPool.userPoolProviderUrl, {
    jwtAudience: clients.map((client) => client.userPoolClientId),
  });
  const api = new HttpApi(scope, 'Api', {
    description: 'Disclosure pipeline API (v1)',
    createDefaultStage: false,
    corsPreflight: { allowMethods: [CorsHttpMethod.ANY], allowOrigins: ['*'], allowHeaders: ['authorization', 'content-type', 'idempotency-key'] },
  });
  const accessLogs = new LogGroup(scope, 'ApiAccessLogs', { retention: RetentionDays.ONE_YEAR });
  const stage = new HttpStage(scope, 'DefaultStage', {
    httpApi: api,
    stageName: '$default',
    autoDeploy: true,
    throttle: { rateLimit: 50, burstLimit: 100 },
    accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.custom(ACCESS_LOG_FORMAT) },
  });
  const integration = new HttpLambdaIntegration('ApiIntegration', apiFunction);
  for (const route of API_ROUTES) {
    api.addRoutes({
      path: route.path,
      methods: [route.method as HttpMethod],
      integration,
      ...(route.scope ? { authorizer, authorizationScopes: [fullScope(route.scope)] } : {}),
    });
  }
  // Subjects' pages: the signed link in the path is the credential.
  const publicIntegration = new HttpLambdaIntegration('PublicIntegration', publicFunction);
  const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
  for (const route of PUBLIC_ROUTES) {
    const routes = api.addRoutes({ path: route.path, methods: [route.method as HttpMethod], integration: publicIntegration });
    routeSettings[`${route.method} ${route.path}`] = {
      ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
      ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
    };
    // API Gateway refuses settings for a route key it does not know yet: the stage waits for the routes.
    for (const created of routes) stage.node.addDependency(created);
  }
  // Unauthenticated routes get their own, lower limits, so a flood of them cannot use up the /v1 routes' share.
  // HttpStage has no per-route settings; RouteSettings is keyed by route key and written as CloudFormation spells it.
  (stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
  return api;
}

/**
 * The Cognito pool that issues client-credentials tokens: a resource server with the API's scopes and one scope
 * per controller, the clients of each controller, and the hosted token domain when a prefix is given.
 */
function clientPool(
  scope: Construct,
  cognitoDomainPrefix: string | undefined,
  profiles: readonly PolicyProfile[],
): { userPool: UserPool; clients: UserPoolClient[] } {
  const userPool = new UserPool(scope, 'ClientPool', {
    selfSignUpEnabled: false,
    featurePlan: FeaturePlan.ESSENTIALS,
    passwordPolicy: { minLength: 14, requireDigits: true, requireLowercase: true, requireSymbols: true, requireUppercase: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const apiScopes = new Map(API_SCOPES.map((scopeName) => [scopeName, new ResourceServerScope({ scopeName, scopeDescription: scopeName })]));
  const controllerScopes = profiles.map(
    (profile) =>
      new ResourceServerScope({
        scopeName: `controller:${profile.controllerId}`,
        scopeDescription: `Acts for ${profile.legalName}`,
      }),
  );
  const resourceServer = new UserPoolResourceServer(scope, 'ResourceServer', {
    userPool,
    identifier: RESOURCE_SERVER_ID,
    scopes: [...apiScopes.values(), ...controllerScopes],
  });
  const client = (id: string, scopes: readonly ApiScope[], controllerScope: ResourceServerScope) =>
    userPool.addClient(id, {
      generateSecret: true,
      authFlows: {},
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [
          ...scopes.map((apiScope) => OAuthScope.resourceServer(resourceServer, apiScopes.get(apiScope)!)),
          OAuthScope.resourceServer(resourceServer, controllerScope),
        ],
      },
    });
  // Per controller: the legal team's client, which cannot record exceptions to the policy, and an
  // approver's client, which can; each holds only its controller's scope.
  const clients = profiles.flatMap((profile, index) => [
    client(`LegalTeamClient-${profile.controllerId}`, API_SCOPES.filter((apiScope) => apiScope !== 'disclosures:override'), controllerScopes[index]!),
    client(`ExceptionApproverClient-${profile.controllerId}`, ['disclosures:read', 'disclosures:write', 'disclosures:override'], controllerScopes[index]!),
  ]);
  if (cognitoDomainPrefix) userPool.addDomain('TokenDomain', { cognitoDomain: { domainPrefix: cognitoDomainPrefix } });
  return { userPool, clients };
}
