import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { ASSET_RESOURCE_METADATA_ENABLED_CONTEXT } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../../infra/app';
import type { CfnTemplate } from './cloudformation';
import { REPO_ROOT } from '../paths';

export interface SynthesizedStack {
  stackName: string;
  template: CfnTemplate;
  /** The cloud assembly folder; asset paths in the template are relative to it. */
  assemblyDir: string;
}

/**
 * Synthesizes the real stack in this process, exactly as `cdk synth` does, into a fresh folder under
 * `.local/cdk.out/`. The folder sits inside the repo so the bundles' external `@aws-sdk/*` imports
 * resolve from the repo's node_modules, as the Lambda runtime's built-in SDK would.
 */
export function synthesizeStack(context: Record<string, string>): SynthesizedStack {
  const parent = join(REPO_ROOT, '.local', 'cdk.out');
  mkdirSync(parent, { recursive: true });
  // In Lambda's /var/task no package.json says "type": "module", so a bundle's index.js is CommonJS.
  // The repo's package.json does say so; this nearer one restores Lambda's reading of the bundles.
  writeFileSync(join(parent, 'package.json'), JSON.stringify({ private: true, type: 'commonjs' }));
  const assemblyDir = mkdtempSync(join(parent, 'run-'));
  // The CDK CLI asks for asset metadata (`aws:asset:path`), which says where each function's bundle is.
  const { app, stack } = buildApp(
    new App({ outdir: assemblyDir, context: { ...context, [ASSET_RESOURCE_METADATA_ENABLED_CONTEXT]: true } }),
  );
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const template = JSON.parse(readFileSync(join(assemblyDir, artifact.templateFile), 'utf8')) as CfnTemplate;
  return { stackName: stack.stackName, template, assemblyDir };
}
