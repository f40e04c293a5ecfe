import { type CfnResource, type CfnTemplate, resourcesOfType } from './cloudformation';
import { type Resolve, conditionHolds } from './intrinsics';
import type { LocalReferences } from './local-names';

/** What every template reader needs: the template, the resolver and the local names. */
export interface ReadContext {
  template: CfnTemplate;
  resolve: Resolve;
  references: LocalReferences;
  /** Folder the template's `aws:asset:path` metadata is relative to (the cloud assembly). */
  assetRoot: string;
  /** Something in the template the local runtime cannot honour; reported once at start. */
  warn(message: string): void;
}

export interface ResolvedResource {
  logicalId: string;
  resource: CfnResource;
  /** The resource's Properties with every intrinsic resolved to local names. */
  props: Record<string, unknown>;
}

/** Resources of a type that exist in this deployment (their Condition holds), with resolved properties. */
export function activeResources(context: ReadContext, type: string): ResolvedResource[] {
  return resourcesOfType(context.template, type)
    .filter(([, resource]) => conditionHolds(context.resolve, resource.Condition))
    .map(([logicalId, resource]) => ({
      logicalId,
      resource,
      props: context.resolve(resource.Properties ?? {}) as Record<string, unknown>,
    }));
}
