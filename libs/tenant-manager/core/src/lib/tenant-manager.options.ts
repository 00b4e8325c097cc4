/**
 * What tenant-manager needs from its environment. The app builds this from validated
 * variables (apps/tenant-manager/src/config); the domain code never reads process.env.
 */
export interface TenantManagerOptions {
  /** Control-plane database (tenants, associations, clients, signing keys). */
  databaseUrl: string;
  /** Key for the admin routes (`X-Admin-Key`). */
  adminKey: string;
  /** Keys services may present as `X-API-Key` on the connections route. */
  serviceApiKeys: string[];
  /** A PostgreSQL role allowed to create databases, schemas and roles. */
  provisionPgAdminUrl: string;
  /**
   * Named PostgreSQL servers tenants may be placed on (PROVISION_PG_TARGETS), each an admin URL
   * like provisionPgAdminUrl. `default` is always present (provisionPgAdminUrl unless named).
   */
  provisionPgTargets?: Record<string, string>;
  /** RabbitMQ management API; undefined when vhost provisioning is switched off. */
  rabbitmqManagementUrl?: string;
  /** Where services reach the AMQP listener (told to them in the connections answer). */
  rabbitmqAmqpHost: string;
  rabbitmqAmqpPort: number;
  /** Lifetime of issued access tokens. */
  tokenTtlSec: number;
  /** `iss` of issued access tokens. */
  tokenIssuer: string;
  /** TENANT_MANAGER_RECONCILE_INTERVAL_SEC: seconds between reconciliation rounds; 0: at start only. */
  reconcileIntervalSec?: number;
  /** Redis for lifecycle events (pub/sub); unset: events are not published. */
  redisUrl?: string;
}

export const TENANT_MANAGER_OPTIONS = Symbol('TENANT_MANAGER_OPTIONS');
