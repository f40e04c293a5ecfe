import { join } from 'node:path';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../emulators/local-aws';
import { REPO_ROOT } from '../paths';
import type { LocalFunction } from '../template/functions';

export interface EmulatorEndpoints {
  dynamodb: string;
  sqs: string;
  sesv2: string;
  secretsManager: string;
}

/**
 * A function's environment as Lambda would give it: the template's variables (references already
 * resolved to local names) plus what the Lambda runtime sets. Nothing from the developer's shell leaks in.
 *
 * The emulators are reached only through the SDK's service-specific endpoint variables
 * (AWS_ENDPOINT_URL_<serviceId>: DYNAMODB, SQS, SESV2, SECRETS_MANAGER), so the handlers carry no local
 * branches.
 */
export function lambdaEnvironment(fn: LocalFunction, endpoints: EmulatorEndpoints): Record<string, string> {
  return {
    ...fn.environment,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: LOCAL_CREDENTIALS.sessionToken,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_SESV2: endpoints.sesv2,
    // The SDK's service id is "Secrets Manager": spaces become underscores.
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
    // Locally the sweeper may run as of any time (`runSchedules(at)`, `sweep <time>`); on AWS it refuses a
    // time ahead of the clock, so nobody can release a hold early by invoking it by hand.
    ALLOW_SIMULATED_TIME: 'true',
    // Locally a recipient's webhook may be a plain http server on this machine (a test's); on AWS the API
    // refuses any webhook URL but https, and the webhook function calls none.
    ALLOW_HTTP_WEBHOOKS: 'true',
    // A developer's ~/.aws profile (its region, credentials or endpoint_url) must not reach a function.
    AWS_CONFIG_FILE: join(REPO_ROOT, '.local', 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(REPO_ROOT, '.local', 'no-aws-credentials'),
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: 'local',
    ...(fn.logFormat ? { AWS_LAMBDA_LOG_FORMAT: fn.logFormat } : {}),
    LAMBDA_TASK_ROOT: fn.codeDirectory,
    _HANDLER: fn.handler,
    LANG: 'en_US.UTF-8',
    // Informational only: a time zone is process-wide in Node, so start.ts runs the whole runtime in UTC.
    TZ: ':UTC',
  };
}
