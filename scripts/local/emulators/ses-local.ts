import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import {
  AlreadyExistsException,
  CreateEmailTemplateCommand,
  SESv2Client,
  UpdateEmailTemplateCommand,
} from '@aws-sdk/client-sesv2';
import type { LocalEmailTemplate } from '../template/data-stores';
import { localClientConfig } from './local-aws';

export interface LocalSes {
  /** The SES v2 API and, at `/`, the mail viewer. */
  endpoint: string;
  createTemplates(templates: readonly LocalEmailTemplate[]): Promise<void>;
  stop(): Promise<void>;
}

// aws-ses-v2-local is CommonJS; requiring it gives the one module instance whose store we adjust below.
const require = createRequire(import.meta.url);
const startSesServer = (require('aws-ses-v2-local') as { default: (config: { host: string; port: number }) => Promise<Server> }).default;
const sesStore = require('aws-ses-v2-local/dist/store.js') as {
  clearStore(): void;
  getStoreReadonly(): { templates: Map<string, unknown> };
  setTemplate(name: string, template: unknown): void;
};

/**
 * Starts aws-ses-v2-local in this process. Its state is module-wide: one local SES per process, emptied
 * of earlier mail at start.
 */
export async function startLocalSes(options: { port: number; maxSendRate: number }): Promise<LocalSes> {
  // GetAccount answers from this variable; the quota matches the send rate the stack is synthesized with.
  process.env.AWS_SES_ACCOUNT ??= JSON.stringify(localAccount(options.maxSendRate));
  keepTemplatesWhenMailIsCleared();
  const server = await startSesServer({ host: '127.0.0.1', port: options.port });
  // Express hands a failed listen to the callback, which aws-ses-v2-local ignores: check it took the port.
  const address = server.address() as AddressInfo | null;
  if (!address) throw new Error(`The SES emulator could not listen on port ${options.port}; is it in use?`);
  const endpoint = `http://127.0.0.1:${address.port}`;
  sesStore.clearStore();
  return {
    endpoint,
    createTemplates: (templates) => createTemplates(endpoint, templates),
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The mail viewer's Clear button (POST /clear-store) also drops the templates, after which every send
 * fails, which SES itself never does. Clearing keeps the templates here.
 */
let templatesKept = false;
function keepTemplatesWhenMailIsCleared(): void {
  if (templatesKept) return;
  templatesKept = true;
  const clearEverything = sesStore.clearStore;
  sesStore.clearStore = () => {
    const templates = [...sesStore.getStoreReadonly().templates];
    clearEverything();
    for (const [name, template] of templates) sesStore.setTemplate(name, template);
  };
}

/** SESv2 CreateEmailTemplate for each template, updating any an earlier start in this process left. */
async function createTemplates(endpoint: string, templates: readonly LocalEmailTemplate[]): Promise<void> {
  const client = new SESv2Client(localClientConfig(endpoint));
  try {
    for (const template of templates) {
      const content = { TemplateName: template.name, TemplateContent: { Subject: template.subject, Text: template.text, Html: template.html } };
      try {
        await client.send(new CreateEmailTemplateCommand(content));
      } catch (error) {
        if (!(error instanceof AlreadyExistsException)) throw error;
        await client.send(new UpdateEmailTemplateCommand(content));
      }
    }
  } finally {
    client.destroy();
  }
}

function localAccount(maxSendRate: number) {
  return {
    DedicatedIpAutoWarmupEnabled: false,
    Details: {
      AdditionalContactEmailAddresses: [],
      ContactLanguage: 'EN',
      MailType: 'TRANSACTIONAL',
      ReviewDetails: { CaseId: 'local', Status: 'GRANTED' },
      UseCaseDescription: 'Local disclosure pipeline',
      WebsiteURL: 'http://localhost',
    },
    EnforcementStatus: 'HEALTHY',
    ProductionAccessEnabled: true,
    SendingEnabled: true,
    SendQuota: { Max24HourSend: 1_000_000, MaxSendRate: maxSendRate, SentLast24Hours: 0 },
    SuppressionAttributes: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
  };
}
