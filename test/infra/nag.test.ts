import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
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
      'DisclosurePipeline/Pipeline/Api/GET--o--{token}/Resource',
      'DisclosurePipeline/Pipeline/Api/GET--v1--openapi.json/Resource',
      'DisclosurePipeline/Pipeline/Api/POST--o--{token}/Resource',
    ]);
    // Only the link-signing key goes without scheduled rotation.
    expect(constructsOf('AwsSolutions-SMG4')).toEqual(['DisclosurePipeline/Pipeline/LinkSigningSecret/Resource']);
  });
});

describe('policy profiles at synth time', () => {
  it('fails synth on a broken profile, naming the field', () => {
    const stack = new Stack(new App(), 'Broken');
    const broken = { ...softmedex, sender: { ...softmedex.sender, address: 'not-an-address' } };
    expect(() => new DisclosurePipeline(stack, 'Pipeline', { profiles: [broken] })).toThrow(/sender\.address/);
  });
});
