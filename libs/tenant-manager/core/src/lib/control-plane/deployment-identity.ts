const PREFIX = 'finplat-tenant-manager deployment=';

/**
 * Which deployment (control plane) this tenant-manager belongs to: the id its first migration
 * drew at random. Instances sharing a control plane share it; two deployments on one
 * PostgreSQL server never do. Roles it creates carry `marker(tenant)` as their comment, and
 * only roles with its marker (and what they own) are ever dropped by it (decision 0040).
 */
export class DeploymentIdentity {
  constructor(readonly id: string) {}

  /** The start of every marker of this deployment. */
  get markerPrefix(): string {
    return `${PREFIX}${this.id} `;
  }

  /** The comment that marks a tenant's objects as this deployment's. */
  marker(tenantId: string): string {
    return `${this.markerPrefix}tenant=${tenantId}`;
  }

  /** The comment of this deployment's gateway logins. */
  get gatewayMarker(): string {
    return `${this.markerPrefix}gateway`;
  }

  /** The id of the other deployment a marker belongs to; undefined for ours and for unmarked. */
  otherDeploymentOf(comment: string | null | undefined): string | undefined {
    if (!comment?.startsWith(PREFIX) || comment.startsWith(this.markerPrefix)) return undefined;
    return comment.slice(PREFIX.length).split(' ')[0];
  }

  /** The tenant a marker of this deployment names; undefined for anyone else's. */
  tenantOf(comment: string | null | undefined): string | undefined {
    if (!comment?.startsWith(this.markerPrefix)) return undefined;
    const rest = comment.slice(this.markerPrefix.length);
    return rest.startsWith('tenant=') ? rest.slice('tenant='.length) : undefined;
  }
}
