import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DisclosurePipeline } from '../../infra/disclosure-pipeline';
import { softmedex } from '../../shared/domain/policy/profiles/softmedex';
import { synthApp } from './synth';

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding, and every acknowledgement carries a reason', () => {
    const { validationReport } = synthApp();
    const report = validationReport.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions');
    expect(report).toBeDefined();
    expect(report!.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(report!.suppressedViolations.length).toBeGreaterThan(0);
    for (const suppressed of report!.suppressedViolations) {
      expect(suppressed.reason?.length ?? 0, suppressed.ruleName).toBeGreaterThan(30);
    }
  });

  it('acknowledges routes without authorization only for the OpenAPI document and the signed public links', () => {
    const { validationReport } = synthApp();
    const report = validationReport.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions')!;
    const constructsOf = (ruleName: string) =>
      report.suppressedViolations
        .filter((suppressed) => suppressed.ruleName === ruleName)
        .flatMap((suppressed) => (suppressed.violatingConstructs ?? []).map((construct) => construct.constructPath));
    expect(constructsOf('AwsSolutions-APIG4').sort()).toEqual([
      'DisclosurePipeline/Pipeline/Api/GET--a--{token}/Resource',
      'DisclosurePipeline/Pipeline/Api/GET--o--{token}/Resource',
      'DisclosurePipeline/Pipeline/Api/GET--v--{token}/Resource',
      'DisclosurePipeline/Pipeline/Api/GET--v1--openapi.json/Resource',
      'DisclosurePipeline/Pipeline/Api/POST--a--{token}/Resource',
      'DisclosurePipeline/Pipeline/Api/POST--o--{token}/Resource',
      'DisclosurePipeline/Pipeline/Api/POST--v--{token}/Resource',
      'DisclosurePipeline/Pipeline/Api/POST--v1--public--acks--{token}/Resource',
      'DisclosurePipeline/Pipeline/Api/POST--v1--public--controllers--{controllerId}--erasures/Resource',
    ]);
    // Only the link-signing key goes without scheduled rotation.
    expect(constructsOf('AwsSolutions-SMG4')).toEqual(['DisclosurePipeline/Pipeline/LinkSigningSecret/Resource']);
  });
});

describe('cdk-nag acknowledgements say what the template does', () => {
  const suppressed = (ruleName: string) => {
    const report = synthApp().validationReport.pluginReports.find((plugin) => plugin.pluginName === 'AwsSolutions')!;
    const found = report.suppressedViolations.filter((violation) => violation.ruleName === ruleName);
    expect(found, ruleName).toHaveLength(1);
    return found[0]!;
  };

  it("names the table's indexes for what they are, and the public function queries none", () => {
    const index = suppressed('AwsSolutions-IAM5[Resource::<PipelineTable0C1A5F45.Arn>/index/*]');
    expect(index.reason).toMatch(/byRecipient/);
    expect(index.reason).toMatch(/byDue/);
    expect(index.reason).toMatch(/byEmail/);
    expect(index.reason).not.toMatch(/audience/i);
    const roles = (index.violatingConstructs ?? []).map((construct) => construct.constructPath.split('/')[2]).sort();
    expect(roles).toEqual(['ApiFunction', 'PlannerFunction', 'SenderFunction', 'SweeperFunction']);
  });

  it('says what the basic execution role allows: creating log groups and writing logs on any, and no data', () => {
    const basic = suppressed('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]');
    expect(basic.reason).toMatch(/logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents on any log group/);
    expect(basic.reason).not.toMatch(/its own/);
  });
});

describe('policy profiles at synth time', () => {
  afterEach(() => {
    vi.doUnmock('../../shared/domain/policy/profiles');
    vi.resetModules();
  });

  it('fails synth on a broken built-in profile, naming the field', async () => {
    // The functions serve POLICY_PROFILES; the construct takes no profiles of its own, so a broken one is swapped in there.
    vi.resetModules();
    vi.doMock('../../shared/domain/policy/profiles', async (importOriginal) => {
      const original = await importOriginal<typeof import('../../shared/domain/policy/profiles')>();
      const broken = { ...softmedex, sender: { ...softmedex.sender, address: 'not-an-address' } };
      return { ...original, POLICY_PROFILES: [broken] };
    });
    const { DisclosurePipeline: WithBrokenProfile } = await import('../../infra/disclosure-pipeline');
    const stack = new Stack(new App(), 'Broken');
    expect(() => new WithBrokenProfile(stack, 'Pipeline')).toThrow(/sender\.address/);
  });

  it('takes no profiles prop: custom profiles would get Cognito scopes but never be served', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Ignored');
    // @ts-expect-error the prop is gone
    new DisclosurePipeline(stack, 'Pipeline', { profiles: [{ ...softmedex, controllerId: 'custom' }] });
    const scopes = Template.fromStack(stack).findResources('AWS::Cognito::UserPoolResourceServer');
    expect(JSON.stringify(scopes)).not.toContain('controller:custom');
  });
});
