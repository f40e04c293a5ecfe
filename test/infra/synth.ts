import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../infra/app';

export interface SynthResult {
  template: Template;
  validationReport: {
    pluginReports: {
      pluginName: string;
      violations: { ruleName: string }[];
      suppressedViolations: { ruleName: string; reason?: string; violatingConstructs?: { constructPath: string }[] }[];
    }[];
  };
}

let cached: SynthResult | undefined;

/** Synthesizes the real app once (bundling every function), as `cdk synth` does. */
export function synthApp(): SynthResult {
  if (cached) return cached;
  const outdir = mkdtempSync(join(tmpdir(), 'disclosure-synth-'));
  const { app, stack } = buildApp(new App({ outdir }));
  const assembly = app.synth();
  const template = Template.fromJSON(assembly.getStackByName(stack.stackName).template);
  const validationReport = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  cached = { template, validationReport };
  return cached;
}
