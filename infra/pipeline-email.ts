import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnTemplate, ConfigurationSet, EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { NOTICE_TEMPLATES } from '../shared/domain/notice/notice-templates';
import type { PipelineFunction } from './pipeline-function';

/** Senders that run at once: each takes its share of the account's send rate. */
export const SENDER_CONCURRENCY = 2;
const NOTICES_PER_CHUNK = 50;

export interface SenderPace {
  /** Messages per second one sender may send. */
  readonly sendRatePerSender: number;
  readonly timeout: Duration;
  /** Messages of the notify queue one sender takes at once. */
  readonly batchSize: number;
}

/** How fast each sender mails, and so its timeout and batch size, for an account that may send `sesMaxSendRate`. */
export function senderPace(sesMaxSendRate: number): SenderPace {
  // Each concurrent sender takes an equal share of 90% of the account's rate, so together they stay below
  // it; a batch holds no more chunks than one sender can mail in half its timeout at that share.
  const sendRatePerSender = (sesMaxSendRate * 0.9) / SENDER_CONCURRENCY;
  const chunkSeconds = NOTICES_PER_CHUNK / sendRatePerSender;
  const timeout = Duration.seconds(Math.min(900, Math.max(60, Math.ceil(2 * chunkSeconds) + 30)));
  const batchSize = Math.min(10, Math.max(1, Math.floor(timeout.toSeconds() / 2 / chunkSeconds)));
  return { sendRatePerSender, timeout, batchSize };
}

/** The SES configuration set, the notice templates and a domain identity per sender domain. */
export function emailSending(scope: Construct, senderDomains: readonly string[]): ConfigurationSet {
  const configurationSet = new ConfigurationSet(scope, 'ConfigurationSet', {
    reputationMetrics: true,
  });
  for (const template of NOTICE_TEMPLATES) {
    new CfnTemplate(scope, `Template-${template.name}`, {
      template: {
        templateName: template.name,
        subjectPart: template.subject,
        textPart: template.text,
        htmlPart: template.html,
      },
    });
  }
  for (const domain of senderDomains) {
    new EmailIdentity(scope, `SenderIdentity-${domain}`, { identity: Identity.domain(domain), configurationSet });
  }
  return configurationSet;
}

/** Sending through the sender domains' identities (any identity when none are given), the templates and the set. */
export function grantSendEmail(
  fn: PipelineFunction,
  senderDomains: readonly string[],
  configurationSet: ConfigurationSet,
): void {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendBulkEmail', 'ses:SendEmail'],
      resources: [
        ...(senderDomains.length > 0 ? senderDomains : ['*']).map((domain) =>
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: domain }),
        ),
        stack.formatArn({ service: 'ses', resource: 'template', resourceName: 'disclosure-*' }),
        stack.formatArn({ service: 'ses', resource: 'template', resourceName: 'breach-notice-*' }),
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: configurationSet.configurationSetName,
        }),
      ],
    }),
  );
}
