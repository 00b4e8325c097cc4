import { createHash } from 'node:crypto';
import type { ServiceName } from '@finplat/contracts';

/** PostgreSQL truncates identifiers beyond 63 bytes (NAMEDATALEN - 1), silently. */
export const MAX_IDENTIFIER_LENGTH = 63;
const HASH_LENGTH = 10;

/**
 * Returns `name` when PostgreSQL can hold it, otherwise a shortened form: a prefix of the
 * name, `_`, and the first 10 hex digits of its SHA-256. Deterministic (the same tenant
 * always maps to the same objects) and never silently truncated into a neighbour's name:
 * tenant ids have no `_`, so a shortened name (which has one more) cannot equal a plain one.
 * Names are ASCII (the tenant id pattern), so length is byte length.
 */
export function fitIdentifier(name: string): string {
  if (name.length <= MAX_IDENTIFIER_LENGTH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH);
  return `${name.slice(0, MAX_IDENTIFIER_LENGTH - HASH_LENGTH - 1)}_${hash}`;
}

/** Where a tenant's objects live for one service, derived from the tenant id alone. */
export const provisioningNames = {
  /** The tenant's own login role for the service (both modes). */
  tenantRole: (service: ServiceName, tenantId: string) => fitIdentifier(`${service}_${tenantId}`),
  /**
   * The tenant's read-only login on a service's data (reporter's on the ledger, decision 0033).
   * `_ro_` cannot occur in a tenant role: tenant ids have no `_`.
   */
  readOnlyRole: (service: ServiceName, tenantId: string) =>
    fitIdentifier(`${service}_ro_${tenantId}`),
  /** DATABASE mode: the tenant's dedicated database. */
  tenantDatabase: (service: ServiceName, tenantId: string) =>
    fitIdentifier(`${service}_${tenantId}`),
  /** SCHEMA mode: the tenant's schema inside the shared database (ids fit: at most 63). */
  tenantSchema: (tenantId: string) => fitIdentifier(tenantId),
  /** SCHEMA mode: the database the service's SCHEMA-mode tenants share. */
  sharedDatabase: (service: ServiceName) => `${service}_tenants`,
  /**
   * SCHEMA mode: the shared pool's login, allowed to SET ROLE to each tenant role; one per
   * deployment (control plane), so deployments sharing a server never share it.
   */
  gatewayRole: (service: ServiceName, deploymentId: string) => `${service}_gateway_${deploymentId}`,
  /** RabbitMQ: the vhost is named after the tenant (product documentation). */
  rabbitVhost: (tenantId: string) => tenantId,
  rabbitUser: (tenantId: string) => `tenant-${tenantId}`,
};
