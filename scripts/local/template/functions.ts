import { join } from 'node:path';
import { type ReadContext, activeResources } from './read-context';

export interface LocalFunction {
  logicalId: string;
  name: string;
  arn: string;
  /** The bundled asset folder (Lambda's /var/task). */
  codeDirectory: string;
  /** `file.export`, as in the template's Handler. */
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** The template's environment variables, references resolved to local names. */
  environment: Record<string, string>;
  /** JSON or Text, from LoggingConfig; Lambda tells the runtime through AWS_LAMBDA_LOG_FORMAT. */
  logFormat?: string;
  reservedConcurrency?: number;
}

/** Lambda's defaults when the template leaves Timeout and MemorySize out. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

/**
 * Node.js functions whose code is a bundled asset in the cloud assembly. Anything else (inline ZipFile
 * code, container images, other runtimes) cannot run here and is reported, not started.
 */
export function readFunctions(context: ReadContext): LocalFunction[] {
  const functions: LocalFunction[] = [];
  for (const { logicalId, resource, props } of activeResources(context, 'AWS::Lambda::Function')) {
    const assetPath = resource.Metadata?.['aws:asset:path'];
    const runtime = String(props.Runtime ?? '');
    if (typeof assetPath !== 'string' || !runtime.startsWith('nodejs')) {
      context.warn(`${logicalId}: only Node.js functions with a bundled asset run locally; skipped`);
      continue;
    }
    const variables = (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    for (const [name, value] of Object.entries(variables)) {
      // CloudFormation resolves `{{resolve:secretsmanager:...}}` at deploy time; locally it stays as written.
      if (String(value).includes('{{resolve:')) context.warn(`${logicalId}: ${name} holds a dynamic reference, which is not resolved locally`);
    }
    const loggingConfig = props.LoggingConfig as { LogFormat?: string } | undefined;
    functions.push({
      logicalId,
      name: context.references.physicalName(logicalId),
      arn: context.references.getAtt(logicalId, 'Arn'),
      codeDirectory: join(context.assetRoot, assetPath),
      handler: String(props.Handler ?? 'index.handler'),
      runtime,
      timeoutSeconds: Number(props.Timeout ?? DEFAULT_TIMEOUT_SECONDS),
      memoryMb: Number(props.MemorySize ?? DEFAULT_MEMORY_MB),
      environment: Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)])),
      logFormat: loggingConfig?.LogFormat,
      reservedConcurrency:
        props.ReservedConcurrentExecutions === undefined ? undefined : Number(props.ReservedConcurrentExecutions),
    });
  }
  return functions;
}

/** Finds the function a resolved reference names: a function name, a function ARN, or an ARN with a qualifier. */
export function functionNamed(functions: readonly LocalFunction[], reference: unknown): LocalFunction | undefined {
  const text = String(reference);
  return functions.find(
    (fn) => text === fn.name || text === fn.arn || text.startsWith(`${fn.arn}:`) || text.includes(`${fn.arn}/`),
  );
}
