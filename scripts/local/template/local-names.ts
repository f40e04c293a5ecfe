import { createHash } from 'node:crypto';
import type { CfnResource, CfnTemplate } from './cloudformation';

/** The account, region and stack the local runtime pretends to be. */
export interface LocalAccount {
  region: string;
  accountId: string;
  partition: string;
  stackName: string;
}

/** fauxqs names every queue in this account; using it everywhere keeps ARNs and URLs consistent. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** `AWS::URLSuffix` in the regions the stack is meant for. */
export const LOCAL_URL_SUFFIX = 'amazonaws.com';

/**
 * Where the local stand-ins live: the SQS endpoint (queue URLs), the local JWT issuer (Cognito) and the
 * local HTTP API server (the `execute-api` URL of every HTTP API).
 */
export interface LocalEndpoints {
  sqsEndpoint: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** `http://127.0.0.1:<port>`, no trailing slash: known before any function starts. */
  apiUrl: string;
}

/** What `Ref` and `Fn::GetAtt` give for a resource when it runs locally. */
export interface LocalReferences {
  physicalName(logicalId: string): string;
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): string;
  /**
   * A string built by `Fn::Join` or `Fn::Sub` with the cloud URL of something served locally in it
   * (an HTTP API's `https://<api id>.execute-api.<region>.<url suffix>`), that URL replaced by the local one.
   */
  localUrls(text: string): string;
}

/**
 * Local physical names: the template's own name property when it sets one as a plain string, else the
 * logical id (CloudFormation would add the stack name and a random suffix; locally there is one stack).
 */
function physicalNameOf(logicalId: string, resource: CfnResource): string {
  const props = resource.Properties ?? {};
  const declared = {
    'AWS::DynamoDB::Table': props.TableName,
    'AWS::SQS::Queue': props.QueueName,
    'AWS::Lambda::Function': props.FunctionName,
    'AWS::SES::ConfigurationSet': props.Name,
    'AWS::SES::Template': (props.Template as { TemplateName?: unknown } | undefined)?.TemplateName,
    'AWS::Events::Rule': props.Name,
    'AWS::Scheduler::Schedule': props.Name,
    'AWS::SecretsManager::Secret': props.Name,
    'AWS::SNS::Topic': props.TopicName,
  }[resource.Type];
  if (typeof declared === 'string') return declared;
  // CloudFormation names an unnamed FIFO queue with the .fifo suffix SQS requires.
  if (resource.Type === 'AWS::SQS::Queue' && String(props.FifoQueue) === 'true') return `${logicalId}.fifo`;
  return logicalId;
}

export function localReferences(template: CfnTemplate, account: LocalAccount, endpoints: LocalEndpoints): LocalReferences {
  const { region, accountId, partition } = account;
  const arn = (service: string, resource: string) => `arn:${partition}:${service}:${region}:${accountId}:${resource}`;
  const resourceOf = (logicalId: string): CfnResource => {
    const resource = template.Resources[logicalId];
    if (!resource) throw new Error(`The template has no resource ${logicalId}`);
    return resource;
  };
  const physicalName = (logicalId: string) => physicalNameOf(logicalId, resourceOf(logicalId));

  const ref = (logicalId: string): string => {
    const resource = resourceOf(logicalId);
    const name = physicalName(logicalId);
    switch (resource.Type) {
      case 'AWS::SQS::Queue':
        return `${endpoints.sqsEndpoint}/${accountId}/${name}`;
      // Locally the Cognito user pool is replaced by the local JWT issuer (see local-jwt.ts): its clients
      // all become the local audience, so the authorizer accepts the tokens `npm run token` prints.
      case 'AWS::Cognito::UserPool':
        return `${region}_local`;
      case 'AWS::Cognito::UserPoolClient':
        return endpoints.jwtAudience;
      // A topic's Ref is its ARN: an SES event destination and a subscription name the topic by it.
      case 'AWS::SNS::Topic':
        return arn('sns', name);
      // A secret's Ref is its ARN, which Secrets Manager ends with a random six-character suffix.
      case 'AWS::SecretsManager::Secret':
        return arn('secretsmanager', `secret:${name}-${secretSuffix(name)}`);
      default:
        return name;
    }
  };

  const getAtt = (logicalId: string, attribute: string): string => {
    const resource = resourceOf(logicalId);
    const name = physicalName(logicalId);
    const key = `${resource.Type}.${attribute}`;
    switch (key) {
      case 'AWS::DynamoDB::Table.Arn':
        return arn('dynamodb', `table/${name}`);
      case 'AWS::DynamoDB::Table.StreamArn':
        return arn('dynamodb', `table/${name}/stream/local`);
      case 'AWS::SQS::Queue.Arn':
        return arn('sqs', name);
      case 'AWS::SQS::Queue.QueueName':
        return name;
      case 'AWS::SQS::Queue.QueueUrl':
        return ref(logicalId);
      case 'AWS::Lambda::Function.Arn':
        return arn('lambda', `function:${name}`);
      case 'AWS::Cognito::UserPool.ProviderURL':
        return endpoints.jwtIssuer;
      case 'AWS::Cognito::UserPool.ProviderName':
        return endpoints.jwtIssuer.replace(/^https?:\/\//, '');
      case 'AWS::Cognito::UserPool.Arn':
        return arn('cognito-idp', `userpool/${ref(logicalId)}`);
      case 'AWS::SecretsManager::Secret.Id':
        return ref(logicalId);
      case 'AWS::ApiGatewayV2::Api.ApiEndpoint':
        return endpoints.apiUrl;
      default:
        if (attribute === 'Arn') {
          const service = resource.Type.split('::')[1]?.toLowerCase() ?? 'local';
          return arn(service, `${resource.Type.split('::')[2]?.toLowerCase() ?? 'resource'}/${name}`);
        }
        // Not needed by anything the runtime runs; a visible placeholder beats a crash at start.
        return `local:${logicalId}.${attribute}`;
    }
  };

  // Every HTTP API is served by the one local server (see http-api.ts), so each one's cloud URL, as CDK
  // joins it for `httpApi.apiEndpoint` or `httpApi.url`, becomes the local server's URL. The region may be
  // a literal (a stack with an explicit env) rather than the local one.
  const apiUrlPatterns = Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::ApiGatewayV2::Api' && resource.Properties?.ProtocolType === 'HTTP')
    .map(([logicalId]) => new RegExp(`https://${escapeRegExp(ref(logicalId))}\\.execute-api\\.[a-z0-9-]+\\.${escapeRegExp(LOCAL_URL_SUFFIX)}(?:\\.cn)?(?![\\w.-])`, 'g'));
  const localUrls = (text: string): string => apiUrlPatterns.reduce((result, pattern) => result.replace(pattern, endpoints.apiUrl), text);

  return { physicalName, ref, getAtt, localUrls };
}

/** Six letters and digits standing for Secrets Manager's random ARN suffix, stable for a name. */
function secretSuffix(name: string): string {
  return createHash('sha256').update(name).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 6);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
