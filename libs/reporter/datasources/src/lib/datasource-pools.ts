import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { TenantPostgresSettings } from '@finplat/contracts';
import { DomainError } from '@finplat/platform';
import { ReporterErrors } from '@finplat/reporter-domain';
import { TenantContext } from '@finplat/tenancy';
import { LRUCache } from 'lru-cache';
import { Pool } from 'pg';
import { LEDGER_DATA_SOURCE_TABLES, type DataSourceConfig } from './datasource.config';

/** One data source as the current tenant sees it: what it is and the pool that reads it. */
export interface ResolvedDataSource {
  config: DataSourceConfig;
  pool: Pool;
  /** Cache and log key: the tenant and the data source. */
  key: string;
}

export interface DataSourcePoolsOptions {
  sources: DataSourceConfig[];
  multiTenant: boolean;
  /** Most tenant pools open at once (MULTI_TENANT_MAX_TENANT_POOLS). */
  maxTenantPools: number;
  /** A tenant pool idle this long is closed (MULTI_TENANT_IDLE_TIMEOUT_SEC). */
  idleTimeoutSec: number;
  /** Connections per pool. */
  poolSize?: number;
}

export const dataSourceNotFound = (id: string) =>
  new DomainError(
    ReporterErrors.ENTITY_NOT_FOUND,
    `No data source with id "${id}" is configured.`,
    {
      entityType: 'DataSource',
    },
  );

/**
 * The read-only pools reports read data through. Single-tenant: one pool per configured data
 * source. Multi-tenant: the ledger data sources of each tenant use that tenant's read-only
 * ledger login (tenant-manager's `ledgerReadOnly`), one pool per login, least recently used
 * closed first; there is no shared pool a tenant could fall back to.
 */
export class DataSourcePools {
  private readonly logger = new Logger(DataSourcePools.name);
  private readonly statics = new Map<string, ResolvedDataSource>();
  private readonly tenantPools: LRUCache<string, Pool>;

  constructor(private readonly options: DataSourcePoolsOptions) {
    for (const config of options.sources) {
      this.statics.set(config.id, { config, pool: this.open(config), key: `default:${config.id}` });
    }
    this.tenantPools = new LRUCache<string, Pool>({
      max: Math.max(1, options.maxTenantPools),
      ttl: options.idleTimeoutSec * 1000,
      updateAgeOnGet: true,
      dispose: (pool) => void pool.end().catch(() => undefined),
    });
  }

  /** The ids of the current tenant's data sources. */
  ids(): string[] {
    return this.options.multiTenant
      ? Object.keys(LEDGER_DATA_SOURCE_TABLES)
      : [...this.statics.keys()];
  }

  /** The current tenant's data source `id`; 404 TPL-0011 when there is none. */
  resolve(id: string): ResolvedDataSource {
    if (!this.options.multiTenant) {
      const found = this.statics.get(id);
      if (!found) throw dataSourceNotFound(id);
      return found;
    }
    if (!Object.prototype.hasOwnProperty.call(LEDGER_DATA_SOURCE_TABLES, id))
      throw dataSourceNotFound(id);
    const { tenantId, connections } = TenantContext.current();
    const login = connections.ledgerReadOnly;
    if (!login) {
      throw new DomainError(
        ReporterErrors.DATA_SOURCE_UNAVAILABLE,
        `Tenant "${tenantId}" has no read-only ledger login; tenant-manager must provision it.`,
        { entityType: 'DataSource', retryAfterSec: 30 },
      );
    }
    const config = tenantLedgerSource(id, login);
    return { config, pool: this.tenantPool(login, config), key: `${tenantId}:${id}` };
  }

  async closeAll(): Promise<void> {
    const pools = [...this.statics.values()].map((s) => s.pool);
    this.statics.clear();
    this.tenantPools.clear();
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
  }

  private tenantPool(login: TenantPostgresSettings, config: DataSourceConfig): Pool {
    const secret = createHash('sha256').update(login.password).digest('hex').slice(0, 12);
    const key = `${login.host}:${login.port}/${login.database}#${login.username}@${secret}`;
    let pool = this.tenantPools.get(key);
    if (!pool) {
      pool = this.open(config);
      this.tenantPools.set(key, pool);
    }
    return pool;
  }

  private open(config: DataSourceConfig): Pool {
    const pool = new Pool({
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      database: config.database,
      ssl: config.ssl ? { rejectUnauthorized: false } : undefined,
      max: this.options.poolSize ?? 4,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      application_name: 'reporter-datasource',
    });
    // An idle client's error (server restart) must not crash the process.
    pool.on('error', (error) => this.logger.warn(`data source ${config.id}: ${error.message}`));
    return pool;
  }
}

function tenantLedgerSource(id: string, login: TenantPostgresSettings): DataSourceConfig {
  return {
    id,
    externalName: login.database,
    type: 'postgresql',
    host: login.host,
    port: login.port,
    user: login.username,
    password: login.password,
    database: login.database,
    schemas: [login.schema ?? 'public'],
    tables: LEDGER_DATA_SOURCE_TABLES[id],
    ssl: false,
  };
}
