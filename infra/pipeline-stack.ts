import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DisclosurePipeline, type DisclosurePipelineProps } from './disclosure-pipeline';

export interface DisclosurePipelineStackProps extends StackProps {
  readonly pipeline?: DisclosurePipelineProps;
}

export class DisclosurePipelineStack extends Stack {
  readonly pipeline: DisclosurePipeline;

  constructor(scope: Construct, id: string, props: DisclosurePipelineStackProps = {}) {
    super(scope, id, props);
    this.pipeline = new DisclosurePipeline(this, 'Pipeline', props.pipeline);
  }
}
