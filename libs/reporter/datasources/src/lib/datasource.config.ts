import { ConfigError, type Env } from '@finplat/platform';

/** Where one data source's PostgreSQL lives and what of it reports may read. */
export interface DataSourceConfig {
  /** The id templates use (`CONFIG_NAME`), e.g. `midaz_onboarding`. */
  id: string;
  /** Shown as `externalName`: the database name. */
  externalName: string;
  type: 'postgresql';
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Schemas searched for tables; a table of the first is named plainly, others `schema__table`. */
  schemas: string[];
  /** Only these tables are visible (unset: every table of the schemas). */
  tables?: string[];
  ssl: boolean;
}

/** The ledger's tables each default data source exposes (Midaz's onboarding/transaction split). */
export const LEDGER_DATA_SOURCE_TABLES: Record<string, string[]> = {
  midaz_onboarding: [
    'organization',
    'ledger',
    'asset',
    'portfolio',
    'segment',
    'account',
    'account_type',
  ],
  midaz_transaction: ['transaction', 'operation', 'balance', 'asset_rate'],
};

const SUFFIXES = [
  'CONFIG_NAME',
  'HOST',
  'PORT',
  'USER',
  'PASSWORD',
  'DATABASE',
  'TYPE',
  'SSLMODE',
  'SCHEMAS',
  'TABLES',
] as const;
type Suffix = (typeof SUFFIXES)[number];
const VARIABLE = new RegExp(`^DATASOURCE_([A-Z0-9_]+?)_(${SUFFIXES.join('|')})$`);
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const LIST = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/**
 * Reads `DATASOURCE_<NAME>_*` (Lerian Reporter's variables). Single-tenant, `midaz_onboarding`
 * and `midaz_transaction` exist without any variable: both read the ledger's database (on
 * the server of DATABASE_URL, database `ledger`), each its own tables; variables override any
 * part of them. Multi-tenant, ledger data comes only from the tenant's read-only login handed
 * out by tenant-manager, so these variables are refused.
 */
export function loadDataSources(
  env: Env,
  databaseUrl: string,
  multiTenant: boolean,
): DataSourceConfig[] {
  const groups = new Map<string, Partial<Record<Suffix, string>>>();
  for (const [key, raw] of Object.entries(env)) {
    const match = VARIABLE.exec(key);
    const value = raw?.trim();
    if (!match || !value) continue;
    const group = groups.get(match[1]) ?? {};
    group[match[2] as Suffix] = value;
    groups.set(match[1], group);
  }
  if (multiTenant) {
    if (groups.size > 0) {
      const names = [...groups.keys()].map((name) => `DATASOURCE_${name}_*`).join(', ');
      throw new ConfigError([
        `${names}: not allowed with MULTI_TENANT_ENABLED=true (each tenant's ledger is read through its own read-only login from tenant-manager)`,
      ]);
    }
    return [];
  }
  const server = new URL(databaseUrl);
  const problems: string[] = [];
  const sources = new Map<string, DataSourceConfig>();
  const defaults = (id: string): DataSourceConfig => ({
    id,
    externalName: 'ledger',
    type: 'postgresql',
    host: server.hostname || '127.0.0.1',
    port: server.port ? Number(server.port) : 5432,
    user: decodeURIComponent(server.username) || 'postgres',
    password: decodeURIComponent(server.password),
    database: 'ledger',
    schemas: ['public'],
    tables: LEDGER_DATA_SOURCE_TABLES[id],
    ssl: false,
  });
  for (const id of Object.keys(LEDGER_DATA_SOURCE_TABLES)) sources.set(id, defaults(id));

  for (const [name, group] of groups) {
    const prefix = `DATASOURCE_${name}_`;
    const id = (group.CONFIG_NAME ?? name).toLowerCase();
    if (!IDENTIFIER.test(id)) {
      problems.push(`${prefix}CONFIG_NAME: must be lower-case letters, digits and _ (got "${id}")`);
      continue;
    }
    // A source of its own starts from PostgreSQL's defaults, not from the ledger's server.
    const base = sources.get(id) ?? {
      ...defaults(id),
      port: 5432,
      user: 'postgres',
      password: '',
      tables: undefined,
    };
    if (!sources.has(id) && !group.HOST) problems.push(`${prefix}HOST: required`);
    if (!sources.has(id) && !group.DATABASE) problems.push(`${prefix}DATABASE: required`);
    const type = (group.TYPE ?? 'postgresql').toLowerCase();
    if (type !== 'postgresql' && type !== 'postgres') {
      problems.push(`${prefix}TYPE: only postgresql is supported (got "${group.TYPE}")`);
    }
    const port = group.PORT ? Number(group.PORT) : base.port;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      problems.push(`${prefix}PORT: must be a port number (got "${group.PORT}")`);
    const sslmode = (group.SSLMODE ?? 'disable').toLowerCase();
    if (!['disable', 'require', 'verify-ca', 'verify-full', 'prefer', 'allow'].includes(sslmode)) {
      problems.push(
        `${prefix}SSLMODE: must be disable, allow, prefer, require, verify-ca or verify-full`,
      );
    }
    const schemas = group.SCHEMAS ? LIST(group.SCHEMAS) : base.schemas;
    const tables = group.TABLES ? LIST(group.TABLES) : base.tables;
    for (const identifier of [...schemas, ...(tables ?? [])]) {
      if (!IDENTIFIER.test(identifier))
        problems.push(`${prefix}SCHEMAS/TABLES: "${identifier}" is not a plain identifier`);
    }
    sources.set(id, {
      ...base,
      id,
      host: group.HOST ?? base.host,
      port,
      user: group.USER ?? base.user,
      password: group.PASSWORD ?? base.password,
      database: group.DATABASE ?? base.database,
      externalName: group.DATABASE ?? base.externalName,
      schemas,
      tables,
      ssl: !['disable', 'allow', 'prefer'].includes(sslmode),
    });
  }
  if (problems.length) throw new ConfigError(problems);
  return [...sources.values()];
}
