import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../../scripts/local/emulators/local-aws';
import { type LocalSecretsManager, startLocalSecretsManager } from '../../../scripts/local/emulators/secrets-manager';
import { lambdaEnvironment } from '../../../scripts/local/lambda/lambda-environment';
import type { LocalFunction } from '../../../scripts/local/template/functions';
import { type LocalSecret, generateSecretString } from '../../../scripts/local/template/secrets';

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const classes = (text: string) => ({
  lower: /[a-z]/.test(text),
  upper: /[A-Z]/.test(text),
  number: /[0-9]/.test(text),
  punctuation: [...text].some((character) => PUNCTUATION.includes(character)),
  space: text.includes(' '),
});

describe('generateSecretString (CloudFormation GenerateSecretString)', () => {
  it('makes 32 characters of every type by default, each type at least once', () => {
    for (let run = 0; run < 50; run++) {
      const value = generateSecretString({});
      expect(value).toHaveLength(32);
      expect(classes(value)).toEqual({ lower: true, upper: true, number: true, punctuation: true, space: false });
    }
  });

  it('honours PasswordLength, the Exclude* switches and ExcludeCharacters', () => {
    const noPunctuation = generateSecretString({ PasswordLength: 64, ExcludePunctuation: true });
    expect(noPunctuation).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(generateSecretString({ PasswordLength: 40, ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true })).toMatch(/^[0-9]{40}$/);
    expect(generateSecretString({ PasswordLength: 40, ExcludeNumbers: true, ExcludePunctuation: true })).toMatch(/^[A-Za-z]{40}$/);
    for (let run = 0; run < 20; run++) {
      const value = generateSecretString({ PasswordLength: 200, ExcludeCharacters: '"@/\\0Oo' });
      expect(value).toHaveLength(200);
      expect(value).not.toMatch(/["@/\\0Oo]/);
    }
  });

  it('adds a space only with IncludeSpace, and RequireEachIncludedType false may leave a type out', () => {
    const withSpaces = Array.from({ length: 20 }, () => generateSecretString({ PasswordLength: 100, IncludeSpace: true })).join('');
    expect(withSpaces).toContain(' ');
    // Always the same character from the random source: without the requirement, all one type.
    expect(generateSecretString({ PasswordLength: 8, RequireEachIncludedType: false }, 'S', () => 0)).toBe('aaaaaaaa');
    expect(classes(generateSecretString({ PasswordLength: 8 }, 'S', () => 0))).toMatchObject({ lower: true, upper: true, number: true, punctuation: true });
  });

  it('puts the string under GenerateStringKey of the SecretStringTemplate JSON', () => {
    const value = JSON.parse(generateSecretString({ SecretStringTemplate: '{"username":"app"}', GenerateStringKey: 'password', ExcludePunctuation: true }));
    expect(value).toEqual({ username: 'app', password: expect.stringMatching(/^[A-Za-z0-9]{32}$/) });
  });

  it('refuses what CloudFormation refuses', () => {
    expect(() => generateSecretString({ SecretStringTemplate: '{}' }, 'LinkSecret')).toThrow(/LinkSecret: SecretStringTemplate and GenerateStringKey go together/);
    expect(() => generateSecretString({ PasswordLength: 0 })).toThrow(/PasswordLength 0/);
    expect(() => generateSecretString({ PasswordLength: 3 })).toThrow(/cannot hold one character of each of the 4 included types/);
    expect(() => generateSecretString({ ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true })).toThrow(
      /every character is excluded/,
    );
  });
});

describe('the local Secrets Manager', () => {
  const secret: LocalSecret = {
    logicalId: 'LinkSecret',
    name: 'LinkSecret',
    arn: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:LinkSecret-Ab12Cd',
    secretString: 'k'.repeat(64),
  };
  let server: LocalSecretsManager;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    server = await startLocalSecretsManager([secret]);
    client = new SecretsManagerClient(localClientConfig(server.endpoint));
  });
  afterAll(async () => {
    client?.destroy();
    await server?.stop();
  });

  it('answers GetSecretValue from the real SDK client, by ARN, name or partial ARN', async () => {
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: secret.arn }));
    expect(byArn).toMatchObject({
      ARN: secret.arn,
      Name: 'LinkSecret',
      SecretString: secret.secretString,
      VersionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      VersionStages: ['AWSCURRENT'],
      CreatedDate: expect.any(Date),
    });
    expect(Math.abs(byArn.CreatedDate!.getTime() - Date.now())).toBeLessThan(60_000);
    const byName = await client.send(new GetSecretValueCommand({ SecretId: 'LinkSecret' }));
    const byPartialArn = await client.send(new GetSecretValueCommand({ SecretId: secret.arn.slice(0, -7) }));
    expect([byName.SecretString, byPartialArn.SecretString, byName.VersionId]).toEqual([secret.secretString, secret.secretString, byArn.VersionId]);
    const current = await client.send(new GetSecretValueCommand({ SecretId: 'LinkSecret', VersionStage: 'AWSCURRENT', VersionId: byArn.VersionId }));
    expect(current.SecretString).toBe(secret.secretString);
  });

  it('answers ResourceNotFoundException for an unknown secret or version, as the SDK expects it', async () => {
    const unknown = client.send(new GetSecretValueCommand({ SecretId: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:Other-Ab12Cd' }));
    await expect(unknown).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(unknown).rejects.toMatchObject({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'LinkSecret', VersionStage: 'AWSPREVIOUS' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('speaks JSON 1.1: the operation in X-Amz-Target, errors as __type', async () => {
    const post = (target: string, body: unknown) =>
      fetch(server.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
        body: JSON.stringify(body),
      });
    const found = await post('secretsmanager.GetSecretValue', { SecretId: 'LinkSecret' });
    expect(found.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await found.json()).toMatchObject({ Name: 'LinkSecret', SecretString: secret.secretString, CreatedDate: expect.any(Number) });
    const missing = await post('secretsmanager.GetSecretValue', { SecretId: 'Nope' });
    expect([missing.status, missing.headers.get('x-amzn-errortype'), ((await missing.json()) as { __type: string }).__type]).toEqual([
      400,
      'ResourceNotFoundException',
      'ResourceNotFoundException',
    ]);
    const other = await post('secretsmanager.PutSecretValue', { SecretId: 'LinkSecret', SecretString: 'x' });
    expect([other.status, ((await other.json()) as { __type: string }).__type]).toEqual([400, 'UnknownOperationException']);
  });

  it('is what a function reaches through AWS_ENDPOINT_URL_SECRETS_MANAGER, with the SDK or Powertools getSecret', async () => {
    const fn = { name: 'Fn', runtime: 'nodejs24.x', memoryMb: 128, codeDirectory: '/task', handler: 'index.handler', environment: {} } as LocalFunction;
    const lambdaEnv = lambdaEnvironment(fn, { dynamodb: 'http://d', sqs: 'http://q', sesv2: 'http://s', secretsManager: server.endpoint });
    expect(lambdaEnv.AWS_ENDPOINT_URL_SECRETS_MANAGER).toBe(server.endpoint);
    // What the SDK reads of a function's environment (not the config-file paths, which would outlive the test).
    const names = ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
    const environment = Object.fromEntries(names.map((name) => [name, lambdaEnv[name]!]));
    const saved = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
    Object.assign(process.env, environment);
    const fromEnvironment = new SecretsManagerClient({});
    try {
      const { SecretString } = await fromEnvironment.send(new GetSecretValueCommand({ SecretId: secret.arn }));
      expect(SecretString).toBe(secret.secretString);
      const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
      expect(await getSecret(secret.arn)).toBe(secret.secretString);
    } finally {
      fromEnvironment.destroy();
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
