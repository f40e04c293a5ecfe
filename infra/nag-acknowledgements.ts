import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

const rule = (id: string) => `AwsSolutions::AwsSolutions-${id}`;

/** Every cdk-nag AwsSolutions finding the pipeline accepts, each with its reason. */
export function acknowledgeNagFindings(pipeline: IConstruct): void {
  Validations.of(pipeline).acknowledge(
    {
      id: rule('IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]'),
      reason:
        'AWSLambdaBasicExecutionRole allows logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents on any log ' +
        'group; it carries no access to the table, queues, secret or key.',
    },
    {
      id: rule('IAM5[Action::kms:GenerateDataKey*]'),
      reason: 'CDK grant for the data key: GenerateDataKey and GenerateDataKeyWithoutPlaintext on this one key only.',
    },
    {
      id: rule('IAM5[Action::kms:ReEncrypt*]'),
      reason: 'CDK grant for the data key: ReEncryptFrom/To on this one key only, needed by DynamoDB and SQS SSE.',
    },
    {
      id: rule('IAM5[Resource::<PipelineTable0C1A5F45.Arn>/index/*]'),
      reason:
        "Queries on the pipeline table's own secondary indexes: byRecipient (whom to tell of an erasure, Art. 19), " +
        'byDue (the timers the sweeper fires) and byEmail (the subject a website erasure request names, by the hash ' +
        'of the address); no other table.',
    },
    {
      id: rule('IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*]'),
      reason: 'Each controller profile has its own sender address; SES authorizes the verified identity it belongs to.',
    },
    {
      id: rule('IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:template/disclosure-*]'),
      reason: "Only the pipeline's own templates (notices and intent notices), one per locale.",
    },
    {
      id: rule('IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:template/breach-notice-*]'),
      reason: "Only the pipeline's own breach notice templates (Art. 34), one per locale.",
    },
    {
      id: rule('APIG4'),
      reason:
        'GET /v1/openapi.json is the public API reference and holds no data; /o/{token} (objections) and /v/{token} ' +
        '(erasure confirmations) are for data subjects without an account, and /a/{token} and POST /v1/public/acks/{token} ' +
        "(a recipient's answer to an erasure notice) for recipients, authorized by the signed, expiring link in " +
        'their path. POST /v1/public/controllers/{controllerId}/erasures is the erasure intake of the controller\'s ' +
        'website: it answers the same whether or not the address is known, emails only the registered address, and ' +
        'is throttled per route. Every other route has a JWT authorizer.',
    },
    {
      id: rule('SMG4'),
      reason: 'The link-signing key is not rotated on a schedule: rotation would break links still in mailboxes. It is rotated by hand after a suspected leak.',
    },
    {
      id: rule('COG2'),
      reason: 'The pool issues client-credentials tokens to machine clients only; no person signs in, so there is no MFA.',
    },
    {
      id: rule('COG8'),
      reason: 'Plus-tier threat protection guards interactive sign-ins; this pool has only client-credentials clients.',
    },
  );
}
