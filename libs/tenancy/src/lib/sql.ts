import type { TenantConnections } from '@finplat/contracts';

const SAFE_IDENTIFIER = /^[A-Za-z0-9_-]{1,63}$/;

/**
 * Quotes a PostgreSQL identifier. Names reaching here come from tenant-manager and are
 * already restricted; the pattern check is a second fence, not the first.
 */
export function quoteIdent(name: string): string {
  if (!SAFE_IDENTIFIER.test(name))
    throw new Error(`Unsafe SQL identifier: ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * SQL that confines the current transaction to one SCHEMA-mode tenant: its role (so
 * PostgreSQL enforces the boundary) and its schema. Both are LOCAL, so they end with the
 * transaction and never leak to the next user of the pooled connection.
 */
export function tenantSessionSql(connections: TenantConnections): string | undefined {
  if (connections.isolationMode !== 'SCHEMA') return undefined;
  const { schema, username, gateway } = connections.postgresql;
  if (!schema) throw new Error(`Tenant ${connections.id} is in SCHEMA mode without a schema`);
  const role = gateway ? `SET LOCAL ROLE ${quoteIdent(username)}; ` : '';
  return `${role}SET LOCAL search_path TO ${quoteIdent(schema)}`;
}
