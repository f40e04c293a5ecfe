import { type CfnTemplate, UnsupportedTemplateFeature } from './cloudformation';
import { type LocalAccount, LOCAL_URL_SUFFIX, type LocalReferences } from './local-names';

/** Resolves CloudFormation intrinsic functions in a template value into local names. */
export type Resolve = (value: unknown) => unknown;

/** `Ref: AWS::NoValue` removes the property or list item it stands in. */
const NO_VALUE = Symbol('AWS::NoValue');

export function createResolver(template: CfnTemplate, account: LocalAccount, references: LocalReferences): Resolve {
  const pseudoParameters: Record<string, string | typeof NO_VALUE> = {
    'AWS::Region': account.region,
    'AWS::AccountId': account.accountId,
    'AWS::Partition': account.partition,
    'AWS::StackName': account.stackName,
    'AWS::StackId': `arn:${account.partition}:cloudformation:${account.region}:${account.accountId}:stack/${account.stackName}/local`,
    'AWS::URLSuffix': LOCAL_URL_SUFFIX,
    'AWS::NoValue': NO_VALUE,
  };

  const ref = (name: string): unknown => {
    if (name in pseudoParameters) return pseudoParameters[name];
    const parameter = template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined) throw new UnsupportedTemplateFeature(`Parameter ${name} has no default`);
      return parameter.Default;
    }
    return references.ref(name);
  };

  const getAtt = (args: unknown): string => {
    const [logicalId, attribute] = typeof args === 'string' ? splitOnce(args, '.') : (args as [string, unknown]);
    return references.getAtt(logicalId, String(resolve(attribute)));
  };

  const sub = (args: unknown): string => {
    const [text, variables] = typeof args === 'string' ? [args, {}] : (args as [string, Record<string, unknown>]);
    const substituted = text.replace(/\$\{([^}]+)\}/g, (_match, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (name in variables) return String(resolve(variables[name]));
      if (name.includes('.') && !(name in pseudoParameters)) return getAtt(name);
      return String(ref(name));
    });
    return references.localUrls(substituted);
  };

  const conditionCache = new Map<string, boolean>();
  const condition = (name: string): boolean => {
    if (!conditionCache.has(name)) {
      const definition = template.Conditions?.[name];
      if (definition === undefined) throw new Error(`The template has no condition ${name}`);
      conditionCache.set(name, Boolean(resolve(definition)));
    }
    return conditionCache.get(name)!;
  };

  const functions: Record<string, (args: unknown) => unknown> = {
    Ref: (name) => ref(name as string),
    'Fn::GetAtt': getAtt,
    'Fn::Sub': sub,
    'Fn::Join': (args) => {
      const [delimiter, items] = args as [string, unknown];
      // A URL of the cloud (an HTTP API's endpoint) is only whole once joined: the local names replace it here.
      return references.localUrls((resolve(items) as unknown[]).map(String).join(delimiter));
    },
    'Fn::Select': (args) => {
      const [index, items] = args as [unknown, unknown];
      return (resolve(items) as unknown[])[Number(resolve(index))];
    },
    'Fn::Split': (args) => {
      const [delimiter, text] = args as [string, unknown];
      return String(resolve(text)).split(delimiter);
    },
    'Fn::Base64': (text) => Buffer.from(String(resolve(text))).toString('base64'),
    'Fn::GetAZs': () => ['a', 'b', 'c'].map((zone) => `${account.region}${zone}`),
    'Fn::FindInMap': (args) => {
      const [map, top, second] = (args as unknown[]).map((part) => String(resolve(part)));
      return template.Mappings?.[map!]?.[top!]?.[second!];
    },
    'Fn::If': (args) => {
      const [name, whenTrue, whenFalse] = args as [string, unknown, unknown];
      return resolve(condition(name) ? whenTrue : whenFalse);
    },
    'Fn::Equals': (args) => {
      const [left, right] = (args as unknown[]).map(resolve);
      return JSON.stringify(left) === JSON.stringify(right);
    },
    'Fn::Not': (args) => !resolve((args as unknown[])[0]),
    'Fn::And': (args) => (args as unknown[]).every((item) => resolve(item)),
    'Fn::Or': (args) => (args as unknown[]).some((item) => resolve(item)),
    Condition: (name) => condition(name as string),
  };

  function resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(resolve).filter((item) => item !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, args] = entries[0]!;
      // A one-key object named like an intrinsic is a plain property when its argument cannot be one
      // (an IAM statement's `Condition` block, say).
      const intrinsic = key === 'Condition' && typeof args !== 'string' ? undefined : functions[key];
      if (intrinsic) return intrinsic(args);
      if (key.startsWith('Fn::')) throw new UnsupportedTemplateFeature(`${key} is not supported by the local runtime`);
    }
    const resolved: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const result = resolve(item);
      if (result !== NO_VALUE) resolved[key] = result;
    }
    return resolved;
  }

  return resolve;
}

/** Whether a resource exists in this deployment: its Condition, if any, holds. */
export function conditionHolds(resolve: Resolve, conditionName: string | undefined): boolean {
  return conditionName === undefined || Boolean(resolve({ Condition: conditionName }));
}

function splitOnce(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return [text.slice(0, index), text.slice(index + 1)];
}
