import { randomInt } from 'node:crypto';
import { type ReadContext, activeResources } from './read-context';

export interface LocalSecret {
  logicalId: string;
  name: string;
  /** What `Ref` gives: the local ARN, with Secrets Manager's six-character suffix. */
  arn: string;
  /** The template's SecretString, or one generated per GenerateSecretString at start (new every run). */
  secretString: string;
}

/** `AWS::SecretsManager::Secret` GenerateSecretString, as the template declares it. */
export interface GenerateSecretString {
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeLowercase?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
  SecretStringTemplate?: string;
  GenerateStringKey?: string;
}

/** Secrets Manager's GetRandomPassword defaults and its punctuation set. */
const DEFAULT_PASSWORD_LENGTH = 32;
const MAX_PASSWORD_LENGTH = 4096;
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
const UPPERCASE = LOWERCASE.toUpperCase();
const NUMBERS = '0123456789';

/**
 * Secrets, each with its value: the template's SecretString as it is, or a fresh random string per its
 * GenerateSecretString (CloudFormation generates one at creation; locally that is every start). Rotation
 * and replication are not emulated.
 */
export function readSecrets(context: ReadContext): LocalSecret[] {
  for (const { logicalId } of activeResources(context, 'AWS::SecretsManager::RotationSchedule')) {
    context.warn(`${logicalId}: secret rotation is not emulated; the secret keeps its first value`);
  }
  return activeResources(context, 'AWS::SecretsManager::Secret').map(({ logicalId, props }) => {
    if (props.ReplicaRegions) context.warn(`${logicalId}: ReplicaRegions are not emulated`);
    const given = props.SecretString;
    const secretString =
      typeof given === 'string'
        ? given
        : generateSecretString((props.GenerateSecretString ?? {}) as GenerateSecretString, `${logicalId}.GenerateSecretString`);
    return {
      logicalId,
      name: context.references.physicalName(logicalId),
      arn: context.references.ref(logicalId),
      secretString,
    };
  });
}

/**
 * A random string as Secrets Manager generates one: PasswordLength characters (32 by default) from
 * lowercase, uppercase, numbers and punctuation less the excluded ones (a space only with IncludeSpace),
 * with at least one of each included type unless RequireEachIncludedType is false. With
 * SecretStringTemplate and GenerateStringKey, the JSON template with the string under that key.
 */
export function generateSecretString(
  spec: GenerateSecretString,
  where = 'GenerateSecretString',
  random: (max: number) => number = (max) => randomInt(max),
): string {
  const { SecretStringTemplate: template, GenerateStringKey: key } = spec;
  if ((template === undefined) !== (key === undefined)) {
    throw new Error(`${where}: SecretStringTemplate and GenerateStringKey go together`);
  }
  const generated = randomPassword(spec, where, random);
  if (template === undefined || key === undefined) return generated;
  const document = JSON.parse(template) as unknown;
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new Error(`${where}: SecretStringTemplate is not a JSON object`);
  }
  return JSON.stringify({ ...document, [key]: generated });
}

function randomPassword(spec: GenerateSecretString, where: string, random: (max: number) => number): string {
  const length = Number(spec.PasswordLength ?? DEFAULT_PASSWORD_LENGTH);
  if (!Number.isInteger(length) || length < 1 || length > MAX_PASSWORD_LENGTH) {
    throw new Error(`${where}: PasswordLength ${spec.PasswordLength} is not between 1 and ${MAX_PASSWORD_LENGTH}`);
  }
  const excluded = new Set(spec.ExcludeCharacters ?? '');
  const keep = (characters: string) => [...characters].filter((character) => !excluded.has(character)).join('');
  // Booleans can arrive as the strings "true"/"false" from a hand-written template.
  const on = (flag: unknown) => flag === true || flag === 'true';
  const types = [
    on(spec.ExcludeLowercase) ? '' : keep(LOWERCASE),
    on(spec.ExcludeUppercase) ? '' : keep(UPPERCASE),
    on(spec.ExcludeNumbers) ? '' : keep(NUMBERS),
    on(spec.ExcludePunctuation) ? '' : keep(PUNCTUATION),
  ].filter((characters) => characters.length > 0);
  const alphabet = types.join('') + (on(spec.IncludeSpace) && !excluded.has(' ') ? ' ' : '');
  if (alphabet.length === 0) throw new Error(`${where}: every character is excluded`);
  const requireEach = spec.RequireEachIncludedType === undefined ? true : on(spec.RequireEachIncludedType);
  if (requireEach && types.length > length) {
    throw new Error(`${where}: PasswordLength ${length} cannot hold one character of each of the ${types.length} included types`);
  }

  const pick = (characters: string) => characters[random(characters.length)]!;
  const characters = requireEach ? types.map(pick) : [];
  while (characters.length < length) characters.push(pick(alphabet));
  // Fisher-Yates, so the required characters are not always first.
  for (let index = characters.length - 1; index > 0; index--) {
    const other = random(index + 1);
    [characters[index], characters[other]] = [characters[other]!, characters[index]!];
  }
  return characters.join('');
}
