/** The parts of a synthesized CloudFormation template the local runtime reads. */
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Outputs?: Record<string, unknown>;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
}

/** Raised for a template feature the local runtime does not emulate; the message says which. */
export class UnsupportedTemplateFeature extends Error {
  override name = 'UnsupportedTemplateFeature';
}

export function resourcesOfType(template: CfnTemplate, type: string): [logicalId: string, resource: CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

export function properties(resource: CfnResource): Record<string, unknown> {
  return resource.Properties ?? {};
}
