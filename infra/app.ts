import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DisclosurePipelineStack } from './pipeline-stack';

/**
 * The deployable app. Context values (cdk.json or `-c key=value`):
 * - senderDomains: SES domain identities for the controllers' sender addresses, comma-separated
 * - cognitoDomainPrefix: hosted domain where legal-team clients fetch tokens
 * - sesMaxSendRate: the SES account's maximum send rate (messages per second)
 * - alarmEmail: who is told when a message lands in a dead-letter queue
 * - publicBaseUrl: origin of the links in notices, e.g. https://privacy.example.com: a custom domain you map to the
 *   HTTP API's $default stage (the DNS record, certificate and API mapping are yours to create). An https URL
 *   without a path; synth fails otherwise. Omit it and links use the API's execute-api endpoint.
 */
export function buildApp(app = new App()): { app: App; stack: DisclosurePipelineStack } {
  const context = (key: string): string | undefined => app.node.tryGetContext(key);
  const sesMaxSendRate = context('sesMaxSendRate');
  const stack = new DisclosurePipelineStack(app, context('stackName') ?? 'DisclosurePipeline', {
    description: 'Disclosure pipeline: per-subject disclosure ledger and notices',
    pipeline: {
      senderDomains: context('senderDomains')
        ?.split(',')
        .map((domain) => domain.trim())
        .filter(Boolean),
      cognitoDomainPrefix: context('cognitoDomainPrefix'),
      sesMaxSendRate: sesMaxSendRate ? Number(sesMaxSendRate) : undefined,
      alarmEmail: context('alarmEmail'),
      publicBaseUrl: context('publicBaseUrl'),
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
