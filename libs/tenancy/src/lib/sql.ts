import type { TenantConnections } from '@finplat/contracts';
// node-postgres' own serialization of a parameter value (its types do not declare it).
const { prepareValue } = require('pg/lib/utils') as {
  prepareValue(value: unknown): string | Buffer | null;
};

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
 * transaction and never leak to the next user of the pooled connection. With `session`, they
 * hold for the connection instead, and the caller must reset them (TenantDb.session).
 */
export function tenantSessionSql(
  connections: TenantConnections,
  extent: 'local' | 'session' = 'local',
): string | undefined {
  if (connections.isolationMode !== 'SCHEMA') return undefined;
  const { schema, username, gateway } = connections.postgresql;
  if (!schema) throw new Error(`Tenant ${connections.id} is in SCHEMA mode without a schema`);
  const set = extent === 'local' ? 'SET LOCAL' : 'SET';
  const role = gateway ? `${set} ROLE ${quoteIdent(username)}; ` : '';
  return `${role}${set} search_path TO ${quoteIdent(schema)}`;
}

/**
 * Puts a statement's parameters into its text as SQL literals, so that it can travel in one
 * simple-protocol message together with a tenant's session settings (the extended protocol
 * takes one statement per message). Each value is first serialized exactly as node-postgres
 * would send it as a parameter, then quoted; the text must use `$n` only as placeholders.
 */
export function bindLiterals(sql: string, parameters: readonly unknown[]): string {
  return sql.replace(PLACEHOLDER, (_, digits: string) => {
    const index = Number(digits) - 1;
    if (index >= parameters.length) {
      throw new Error(
        `Statement uses $${digits} but only ${parameters.length} parameters were given`,
      );
    }
    return sqlLiteral(parameters[index]);
  });
}

const PLACEHOLDER = /\$([1-9][0-9]*)/g;

function sqlLiteral(value: unknown): string {
  const prepared = prepareValue(value);
  if (prepared === null) return 'NULL';
  if (Buffer.isBuffer(prepared)) return `decode('${prepared.toString('hex')}', 'hex')`;
  return quoteLiteral(prepared);
}

/**
 * A string literal that means the same whatever standard_conforming_strings says: text with
 * a backslash becomes an escape string (E'…') with every backslash doubled.
 */
export function quoteLiteral(text: string): string {
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return text.includes('\\') ? `E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}
