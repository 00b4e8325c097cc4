import type { INestApplication } from '@nestjs/common';
import {
  adminQuery,
  bootApp,
  createTestDatabase,
  testEnv,
  type TestDatabase,
} from '@finplat/testing';
import { REPORTER_API_DOCS } from '../../src/api-docs';
import { AppModule } from '../../src/app.module';
import { loadReporterConfig } from '../../src/reporter.config';

/**
 * Tables shaped like the ledger's (the columns these suites read), plus a free-form data
 * source `ds` with table `t`. The reporter reads them as it reads a live ledger database:
 * through DATASOURCE_* settings and the live schema.
 */
export const FIXTURE_SQL = `
  CREATE TABLE organization (id uuid PRIMARY KEY, legal_name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE account (id uuid PRIMARY KEY, organization_id uuid, alias text, type text, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE "transaction" (id uuid PRIMARY KEY, organization_id uuid, amount numeric NOT NULL, asset_code text NOT NULL, status text, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE operation (id uuid PRIMARY KEY, organization_id uuid, amount numeric NOT NULL, type text, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE outbox (id uuid PRIMARY KEY, secret text);
  CREATE TABLE t (f text, x text, n numeric);
`;

export interface ReporterHarness {
  app: INestApplication;
  database: TestDatabase;
  ledger: TestDatabase;
  close(): Promise<void>;
}

/** The reporter app in-process over its own database and a fixture "ledger" database. */
export async function startReporter(
  env: Record<string, string | undefined> = {},
): Promise<ReporterHarness> {
  const database = await createTestDatabase('reporter_e2e');
  const ledger = await createTestDatabase('reporter_ledger');
  await adminQuery(FIXTURE_SQL, [], ledger.name);
  const config = loadReporterConfig(
    testEnv({
      DATABASE_URL: database.url,
      DATASOURCE_MIDAZ_ONBOARDING_DATABASE: ledger.name,
      DATASOURCE_MIDAZ_TRANSACTION_DATABASE: ledger.name,
      DATASOURCE_DS_HOST: '127.0.0.1',
      DATASOURCE_DS_USER: 'postgres',
      DATASOURCE_DS_DATABASE: ledger.name,
      DATASOURCE_DS_TABLES: 't',
      ...env,
    }),
    0,
  );
  const app = await bootApp(AppModule.forRoot(config), REPORTER_API_DOCS);
  return {
    app,
    database,
    ledger,
    close: async () => {
      await app.close();
      await database.drop();
      await ledger.drop();
    },
  };
}
