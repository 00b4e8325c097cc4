import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { ApiDocsOptions } from '@finplat/platform';
import fc from 'fast-check';
import { Client } from 'pg';
import { bootApp, testEnv } from '../boot-app';
import { createTestDatabase, TEST_PG_ADMIN_URL, type TestDatabase } from '../test-database';
import {
  fuzzRoutes,
  requestsToAll,
  type FuzzRequest,
  type FuzzRoute,
  type OpenApiDocument,
  type RequestOptions,
} from './openapi-fuzz';

/** Requests per app in a default (CI) run; `npm run fuzz` sets FUZZ_RUNS for the full run. */
export const DEFAULT_FUZZ_RUNS = 150;

/** FUZZ_RUNS, or the CI default. */
export function fuzzRuns(): number {
  const raw = process.env.FUZZ_RUNS;
  const runs = raw ? Number(raw) : DEFAULT_FUZZ_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('FUZZ_RUNS must be a positive integer');
  return runs;
}

/** A test's time budget for FUZZ_RUNS requests (generous: the machine is shared). */
export function fuzzTimeoutMs(): number {
  return 60_000 + fuzzRuns() * 200;
}

/** FUZZ_SEED to replay a run (the failure message prints the seed it used). */
export function fuzzSeed(): number {
  const raw = process.env.FUZZ_SEED;
  return raw ? Number(raw) : Math.floor(Math.random() * 2 ** 31);
}

export interface FuzzResponse {
  status: number;
  body: string;
}

/** Sends the request as it is (raw body text, raw path) over a plain socket. */
export function sendRaw(port: number, request: FuzzRequest): Promise<FuzzResponse> {
  return new Promise((resolve, reject) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        // A connection per request: an app may close one after refusing an unread body (413),
        // and a kept-alive socket reused just then resets under the next request.
        agent: false,
        method: request.method,
        path: request.url,
        headers: {
          ...request.headers,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    req.end(body);
  });
}

/** The app's OpenAPI document, as it serves it. */
export async function servedOpenApi(port: number): Promise<OpenApiDocument> {
  const res = await sendRaw(port, {
    method: 'GET',
    url: '/docs-json',
    headers: {},
    variant: '',
    route: undefined as unknown as FuzzRoute,
  });
  if (res.status !== 200) throw new Error(`GET /docs-json answered ${res.status}`);
  return JSON.parse(res.body) as OpenApiDocument;
}

export interface DatabaseDigest {
  /** The digest now. */
  read(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A digest of every row of every table in the database's non-system schemas (minus `exclude`,
 * tables that background work changes on its own): equal digests mean nothing was written.
 * One connection, kept open: it is read after every request.
 */
export async function databaseDigest(
  database: string,
  exclude: string[] = [],
): Promise<DatabaseDigest> {
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${database}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  const { rows: tables } = await client.query<{ schema: string; name: string }>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE'
        AND table_schema NOT IN ('pg_catalog', 'information_schema')
        AND table_schema NOT LIKE 'pg_toast%'
      ORDER BY 1, 2`,
  );
  const kept = tables.filter(
    (t) => !exclude.includes(t.name) && !exclude.includes(`${t.schema}.${t.name}`),
  );
  if (kept.length === 0) {
    await client.end();
    throw new Error(`no tables to digest in ${database}`);
  }
  const sql = kept
    .map(
      (t) =>
        `SELECT '${t.schema}.${t.name}' AS t, count(*)::text || ':' || coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') AS d FROM "${t.schema}"."${t.name}" x`,
    )
    .join(' UNION ALL ');
  return {
    read: async () => {
      const { rows } = await client.query<{ t: string; d: string }>(sql);
      return rows.map((r) => `${r.t}=${r.d}`).join('\n');
    },
    close: () => client.end(),
  };
}

export interface FuzzTarget {
  /** The app's name, for the printed summary. */
  name: string;
  port: number;
  /** The routes to fuzz; by default every operation of the served OpenAPI document. */
  routes?: FuzzRoute[];
  /** Routes left out, by operationId, each with the reason (printed with the run). */
  skip?: Record<string, string>;
  requests?: RequestOptions;
  /** The state a refused request must leave unchanged. */
  digest: () => Promise<string>;
  /**
   * Waits for the background work an accepted request starts (a report being rendered) to
   * finish, so that its writes are not blamed on the next, refused request.
   */
  settle?: () => Promise<void>;
}

export interface FuzzOutcome {
  sent: number;
  byStatus: Record<number, number>;
  routes: number;
}

const ENVELOPE_CODE = /^([A-Z]+-)?\d{4}$/;

/** Why a response breaks the rules, or undefined when it keeps them. */
export function envelopeViolation(
  request: FuzzRequest,
  response: FuzzResponse,
): string | undefined {
  if (response.status >= 500) return `answered ${response.status}`;
  if (response.status < 400) return undefined;
  // HEAD answers carry no body by definition; the status is what the client gets.
  if (request.method === 'HEAD') return undefined;
  let envelope: { code?: unknown; title?: unknown; message?: unknown };
  try {
    envelope = JSON.parse(response.body) as typeof envelope;
  } catch {
    return `answered ${response.status} without a JSON error envelope`;
  }
  if (typeof envelope.code !== 'string' || !ENVELOPE_CODE.test(envelope.code)) {
    return `answered ${response.status} without a stable code (${JSON.stringify(envelope.code)})`;
  }
  if (typeof envelope.message !== 'string' || envelope.message.length === 0) {
    return `answered ${response.status} without a message`;
  }
  if (/\n\s+at .+:\d+:\d+/.test(response.body)) {
    return `answered ${response.status} with a stack trace`;
  }
  return undefined;
}

/**
 * The property, checked on FUZZ_RUNS generated requests sent one after another: no 5xx, every
 * 4xx an error envelope with a code, and the database digest unchanged by every refused
 * (4xx) request. Accepted requests may change state; the next comparison starts from theirs.
 * Shrinking is off: the requests change the app's state, so replaying a smaller one later
 * would not reproduce the same situation; FUZZ_SEED replays the whole run instead.
 */
export async function fuzzApp(target: FuzzTarget): Promise<FuzzOutcome> {
  const skip = target.skip ?? {};
  const routes = (target.routes ?? fuzzRoutes(await servedOpenApi(target.port))).filter(
    (r) => !(r.operationId in skip),
  );
  const runs = fuzzRuns();
  const seed = fuzzSeed();
  const started = Date.now();
  const byStatus: Record<number, number> = {};
  const collect = process.env.FUZZ_COLLECT === '1';
  const collected = new Map<string, { count: number; example: string }>();
  let before = await target.digest();
  let sent = 0;
  const check = async (request: FuzzRequest) => {
    let response: FuzzResponse;
    try {
      response = await sendRaw(target.port, request);
    } catch (error) {
      throw new Error(
        `no answer (${(error as Error).message}): ${request.method} ${request.url.slice(0, 300)} (${request.variant})`,
        { cause: error },
      );
    }
    sent += 1;
    byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
    const describe = () =>
      `${request.method} ${request.url.slice(0, 300)} (${request.variant})\n` +
      `  -> ${response.status} ${response.body.slice(0, 500)}`;
    const violation = envelopeViolation(request, response);
    if (violation) throw new Error(`${violation}: ${describe()}`);
    // An accepted request may start background work (a report job); let it finish before the
    // digest is read, or its writes would be blamed on the next, refused request.
    if (response.status < 400) await target.settle?.();
    const after = await target.digest();
    if (response.status >= 400 && after !== before) {
      throw new Error(
        `a refused request changed the database: ${describe()}\n${diff(before, after)}`,
      );
    }
    before = after;
  };
  await fc.assert(
    fc.asyncProperty(requestsToAll(routes, target.requests), async (request) => {
      if (!collect) return check(request);
      // FUZZ_COLLECT=1: go on past failures and list them all, grouped by route and kind.
      try {
        await check(request);
      } catch (error) {
        const message = (error as Error).message;
        const key = `${request.route.operationId}: ${message.split(':')[0]}`;
        const entry = collected.get(key) ?? { count: 0, example: message };
        entry.count += 1;
        collected.set(key, entry);
        before = await target.digest();
      }
    }),
    { numRuns: runs, seed, endOnFailure: true, verbose: 0 },
  );
  if (collected.size > 0) {
    throw new Error(
      `seed ${seed}: ${collected.size} kinds of failure\n` +
        [...collected].map(([key, e]) => `${e.count} × ${key}\n    ${e.example}`).join('\n'),
    );
  }
  const refused = Object.entries(byStatus)
    .filter(([status]) => Number(status) >= 400)
    .reduce((n, [, count]) => n + count, 0);
  process.stdout.write(
    `${target.name} fuzz: ${sent} requests over ${routes.length} routes in ${Date.now() - started} ms (seed ${seed}), by status ${JSON.stringify(byStatus)}\n`,
  );
  // A generator whose requests were mostly accepted would prove nothing about bad input.
  if (refused <= sent / 2) {
    throw new Error(`${target.name} fuzz: only ${refused} of ${sent} requests were refused`);
  }
  return { sent, byStatus, routes: routes.length };
}

function diff(before: string, after: string): string {
  const a = new Set(before.split('\n'));
  return after
    .split('\n')
    .filter((line) => !a.has(line))
    .map((line) => `  changed: ${line.split('=')[0]}`)
    .join('\n');
}

/** An app booted in-process for a fuzz suite, over a database of its own. */
export interface FuzzedApp {
  app: INestApplication;
  database: TestDatabase;
  /** Closes the app, then drops its database. */
  close(): Promise<void>;
}

/**
 * Boots `module(env)` (env: quiet logs and `DATABASE_URL` of a fresh database named after
 * `prefix`) with the HTTP stack `main.ts` uses: the set-up every single-database app's fuzz
 * suite shares. How the app is configured from `env` is the suite's own.
 */
export async function bootFuzzedApp(
  prefix: string,
  module: (env: Record<string, string | undefined>) => DynamicModule,
  docs: ApiDocsOptions,
): Promise<FuzzedApp> {
  const database = await createTestDatabase(prefix);
  try {
    const app = await bootApp(module(testEnv({ DATABASE_URL: database.url })), docs);
    return {
      app,
      database,
      close: async () => {
        await app.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/**
 * fuzzApp against an in-process app listening on a port, with the digest of `database` as the
 * state a refused request must leave unchanged (its connection closed whatever the outcome).
 */
export async function fuzzAppOver(
  app: INestApplication,
  database: string,
  target: Omit<FuzzTarget, 'port' | 'digest'> & { exclude?: string[] },
): Promise<FuzzOutcome> {
  const { exclude, ...rest } = target;
  const digest = await databaseDigest(database, exclude);
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return fuzzApp({ ...rest, port, digest: digest.read }).finally(() => digest.close());
}
