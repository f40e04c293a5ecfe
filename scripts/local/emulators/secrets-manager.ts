import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalSecret } from '../template/secrets';

export interface LocalSecretsManager {
  endpoint: string;
  stop(): Promise<void>;
}

const TARGET_PREFIX = 'secretsmanager.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const CURRENT_STAGE = 'AWSCURRENT';

interface StoredSecret extends LocalSecret {
  versionId: string;
  /** Epoch seconds, as the JSON protocol carries timestamps. */
  createdDate: number;
}

type Answer = { status: number; body: Record<string, unknown> };

/**
 * A minimal Secrets Manager, written here because none of the emulators the runtime already uses
 * (DynamoDB Local, fauxqs, aws-ses-v2-local) has one, and the stack only needs functions to read the
 * secrets it declares. It speaks the service's JSON 1.1 protocol (`POST /`, `X-Amz-Target:
 * secretsmanager.<Operation>`) for GetSecretValue only, in this process, on a free port. Signatures are
 * not checked (local credentials are dummies anyway). The secrets are the template's, fixed at start.
 */
export async function startLocalSecretsManager(secrets: readonly LocalSecret[]): Promise<LocalSecretsManager> {
  const createdDate = Math.floor(Date.now() / 1000);
  const stored: StoredSecret[] = secrets.map((secret) => ({ ...secret, versionId: randomUUID(), createdDate }));
  const server = createServer((req, res) => {
    handle(stored, req).then(
      (answer) => send(res, answer),
      () => send(res, error(500, 'InternalServiceError', 'The local Secrets Manager failed')),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function handle(secrets: readonly StoredSecret[], req: IncomingMessage): Promise<Answer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  const target = String(req.headers['x-amz-target'] ?? '');
  if (req.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) {
    return error(400, 'UnknownOperationException', 'Not a Secrets Manager JSON 1.1 request');
  }
  let input: Record<string, unknown>;
  try {
    const text = Buffer.concat(chunks).toString('utf8');
    input = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  } catch {
    return error(400, 'SerializationException', 'The request body is not JSON');
  }
  const operation = target.slice(TARGET_PREFIX.length);
  if (operation === 'GetSecretValue') return getSecretValue(secrets, input);
  return error(400, 'UnknownOperationException', `${operation} is not emulated locally (only GetSecretValue is)`);
}

function getSecretValue(secrets: readonly StoredSecret[], input: Record<string, unknown>): Answer {
  const { SecretId: secretId, VersionId: versionId, VersionStage: versionStage } = input;
  if (typeof secretId !== 'string' || secretId === '') return error(400, 'InvalidParameterException', 'SecretId is required');
  const secret = findSecret(secrets, secretId);
  if (!secret) return error(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  if (versionId !== undefined && versionId !== secret.versionId) {
    return error(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret value for VersionId: " + String(versionId));
  }
  if (versionStage !== undefined && versionStage !== CURRENT_STAGE) {
    return error(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: " + String(versionStage));
  }
  return {
    status: 200,
    body: {
      ARN: secret.arn,
      Name: secret.name,
      SecretString: secret.secretString,
      VersionId: secret.versionId,
      VersionStages: [CURRENT_STAGE],
      CreatedDate: secret.createdDate,
    },
  };
}

/** A secret by name, by full ARN, or by partial ARN (the ARN without its six-character suffix). */
export function findSecret<TSecret extends Pick<LocalSecret, 'name' | 'arn'>>(secrets: readonly TSecret[], secretId: string): TSecret | undefined {
  return secrets.find((secret) => secretId === secret.name || secretId === secret.arn || secretId === secret.arn.slice(0, -7));
}

function error(status: number, type: string, message: string): Answer {
  return { status, body: { __type: type, message } };
}

function send(res: ServerResponse, { status, body }: Answer): void {
  const payload = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string | number> = {
    'content-type': CONTENT_TYPE,
    'content-length': payload.length,
    'x-amzn-requestid': randomUUID(),
  };
  if (typeof body.__type === 'string') headers['x-amzn-errortype'] = body.__type;
  res.writeHead(status, headers);
  res.end(payload);
}
