import type { ServiceName, TenantConnections } from '@finplat/contracts';
import { TenantConnectionsSource } from './tenant-connections.source';

export const DEFAULT_TENANT_ID = 'default';

/** Reads host, port, database and credentials out of a postgres:// URL. */
export function postgresSettingsFromUrl(url: string): TenantConnections['postgresql'] {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
    username: decodeURIComponent(parsed.username) || 'postgres',
    password: decodeURIComponent(parsed.password),
  };
}

/**
 * Single-tenant mode: the one tenant `default`, living in DATABASE_URL. It goes through the
 * same data-source and migration path as any tenant of tenant-manager.
 */
export class StaticTenantSource extends TenantConnectionsSource {
  private readonly connections: TenantConnections;

  constructor(service: ServiceName, databaseUrl: string) {
    super();
    this.connections = {
      id: DEFAULT_TENANT_ID,
      status: 'active',
      service,
      isolationMode: 'DATABASE',
      postgresql: postgresSettingsFromUrl(databaseUrl),
    };
  }

  async get(): Promise<TenantConnections> {
    return this.connections;
  }

  invalidate(): void {
    // Nothing is cached: the settings are fixed for the life of the process.
  }

  async ping(): Promise<void> {
    // Always answers; the database itself is checked by the data sources.
  }
}
