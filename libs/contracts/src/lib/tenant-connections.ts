/**
 * What tenant-manager tells an app about where one tenant lives for one service
 * (`GET /v1/tenants/{id}/associations/{service}/connections`).
 */
export const SERVICES = ['ledger', 'tracer', 'reporter'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const ISOLATION_MODES = ['DATABASE', 'SCHEMA'] as const;
export type IsolationMode = (typeof ISOLATION_MODES)[number];

export type TenantStatus = 'active' | 'suspended';

/** Tenant ids are DNS-label-like so they are safe as vhost, schema and key fragments. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,62}$/;

export interface PostgresCredentials {
  username: string;
  password: string;
}

export interface TenantPostgresSettings extends PostgresCredentials {
  host: string;
  port: number;
  database: string;
  /** SCHEMA mode: the tenant's schema inside the shared database. */
  schema?: string;
  /**
   * SCHEMA mode: the login that the shared pool of this physical database uses. It holds no
   * privilege of its own; each unit of work switches to the tenant's role (`SET LOCAL ROLE`),
   * so PostgreSQL itself confines a request to its tenant's schema.
   */
  gateway?: PostgresCredentials;
  /** Upper bound of connections the app may open for this tenant. */
  maxConnections?: number;
}

export interface TenantRabbitSettings {
  host: string;
  port: number;
  vhost: string;
  username: string;
  password: string;
}

export interface TenantConnections {
  id: string;
  status: TenantStatus;
  service: ServiceName;
  isolationMode: IsolationMode;
  postgresql: TenantPostgresSettings;
  rabbitmq?: TenantRabbitSettings;
  /**
   * Reporter only: a login on the tenant's ledger database (its schema in SCHEMA mode) that
   * may SELECT the ledger's tables and nothing else. Reporter reads ledger data only through
   * it, so PostgreSQL itself keeps one tenant's report away from another tenant's rows.
   */
  ledgerReadOnly?: TenantPostgresSettings;
}
