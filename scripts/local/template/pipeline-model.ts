import type { CfnTemplate } from './cloudformation';
import { type LocalEmailTemplate, type LocalQueue, type LocalTable, readEmailTemplates, readQueues, readTables } from './data-stores';
import { type LocalFunction, readFunctions } from './functions';
import { type HttpApi, readHttpApi } from './http-api';
import { createResolver } from './intrinsics';
import { type LocalAccount, type LocalEndpoints, localReferences } from './local-names';
import type { ReadContext } from './read-context';
import { type LocalSecret, readSecrets } from './secrets';
import { type FunctionSchedule, type QueueMapping, readQueueMappings, readSchedules } from './triggers';
import { type EmailEventRoute, readEmailEventRoutes } from './email-events';

/** Everything the local runtime starts, as the synthesized template declares it. */
export interface PipelineModel {
  tables: LocalTable[];
  queues: LocalQueue[];
  emailTemplates: LocalEmailTemplate[];
  /** Secrets Manager secrets with their (generated) values. */
  secrets: LocalSecret[];
  functions: LocalFunction[];
  httpApi: HttpApi;
  queueMappings: QueueMapping[];
  schedules: FunctionSchedule[];
  /** Where SES events of each type go: SNS event destinations and the local queues subscribed to their topics. */
  emailEventRoutes: EmailEventRoute[];
  /** Template features the runtime could not honour, one line each. */
  warnings: string[];
}

export function readPipelineModel(
  template: CfnTemplate,
  options: { account: LocalAccount; endpoints: LocalEndpoints; assetRoot: string },
): PipelineModel {
  const references = localReferences(template, options.account, options.endpoints);
  const warnings: string[] = [];
  const context: ReadContext = {
    template,
    references,
    resolve: createResolver(template, options.account, references),
    assetRoot: options.assetRoot,
    warn: (message) => warnings.push(message),
  };
  const functions = readFunctions(context);
  const queues = readQueues(context);
  return {
    tables: readTables(context),
    queues,
    emailTemplates: readEmailTemplates(context),
    secrets: readSecrets(context),
    functions,
    httpApi: readHttpApi(context, functions),
    queueMappings: readQueueMappings(context, functions, queues),
    schedules: readSchedules(context, functions),
    emailEventRoutes: readEmailEventRoutes(context, queues),
    warnings,
  };
}
