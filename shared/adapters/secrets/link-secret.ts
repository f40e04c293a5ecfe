import { getSecret } from '@aws-lambda-powertools/parameters/secrets';

/**
 * The key that signs public links, read from Secrets Manager (the ARN comes from the stack) and cached
 * by Powertools for the container's life: a rotated key reaches new containers, old links then fail.
 */
export function linkSecretFrom(secretArn: string): () => Promise<Uint8Array> {
  return async () => {
    const value = await getSecret(secretArn, { maxAge: 3600 });
    if (typeof value !== 'string' || value.length < 32) throw new Error('The link signing secret is missing or too short');
    return new TextEncoder().encode(value);
  };
}
