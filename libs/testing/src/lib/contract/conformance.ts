import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { routedMethods, type RoutedApp } from '@finplat/platform';
import type { ObservedResponse, OpenApiContract } from './openapi-contract';

/** A response that does not match the contract. */
export interface ConformanceViolation {
  request: string;
  status: number;
  operationId?: string;
  problems: string[];
}

/** What one test file saw: written by the suite, read by the run's summary. */
export interface ConformanceRecord {
  suite: string;
  /** operationId → statuses answered. */
  operations: Record<string, number[]>;
  /** Requests under the contract's base path that named no operation, with their statuses. */
  outside: Record<string, number[]>;
  /** Operations the app has a route for, exercised or not. */
  routed: string[];
  violations: ConformanceViolation[];
}

/** A value for every path parameter when asking the router whether a template is routed. */
const SAMPLE_PARAMETER = '01890000-0000-7000-8000-000000000000';

/** The contract operations an Express app has a route for (method and path template). */
export function routedOperations(contract: OpenApiContract, app: RoutedApp): string[] {
  return contract
    .operations()
    .filter((op) =>
      routedMethods(app, op.template.replace(/\{[^}]+\}/g, SAMPLE_PARAMETER)).includes(op.method),
    )
    .map((op) => op.operationId);
}

/**
 * Checks every response a test file's servers send against the contract and keeps which
 * operations were exercised. Violations are taken after each test (so the test that
 * provoked a non-conforming response fails) and written out at the end of the file, for the
 * run's coverage table.
 */
export class ContractConformance {
  private pending: ConformanceViolation[] = [];
  private readonly record: ConformanceRecord;

  constructor(
    private readonly contract: OpenApiContract,
    suite: string,
    private readonly basePath: string,
  ) {
    this.record = { suite, operations: {}, outside: {}, routed: [], violations: [] };
  }

  /** Records which operations the app under test has routes for (see routedOperations). */
  noteRouted(operationIds: string[]): void {
    this.record.routed = [...new Set([...this.record.routed, ...operationIds])];
  }

  observe(observed: ObservedResponse): void {
    const result = this.contract.check(observed);
    if (result.operation) {
      addStatus(this.record.operations, result.operation.operationId, observed.status);
    } else if (observed.path.startsWith(this.basePath)) {
      addStatus(
        this.record.outside,
        `${observed.method} ${normalizeIds(observed.path)}`,
        observed.status,
      );
    }
    if (result.problems.length > 0) {
      const violation: ConformanceViolation = {
        request: `${observed.method} ${observed.path}`,
        status: observed.status,
        operationId: result.operation?.operationId,
        problems: result.problems,
      };
      this.pending.push(violation);
      this.record.violations.push(violation);
    }
  }

  /** Violations since the last call; the caller fails the current test with them. */
  takeViolations(): ConformanceViolation[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /**
   * Writes this file's record into `directory` (one JSON per suite), next to the contract's
   * operation list; contract-coverage.reporter.cjs turns them into the run's table.
   */
  flush(directory: string): void {
    mkdirSync(join(directory, 'suites'), { recursive: true });
    const name = this.record.suite.replace(/[^a-zA-Z0-9.-]+/g, '_');
    writeFileSync(join(directory, 'suites', `${name}.json`), JSON.stringify(this.record));
    writeFileSync(join(directory, 'operations.json'), JSON.stringify(this.contract.operations()));
  }
}

export function formatViolations(violations: ConformanceViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.request} → ${v.status}${v.operationId ? ` (${v.operationId})` : ''}\n` +
        v.problems.map((p) => `    ${p}`).join('\n'),
    )
    .join('\n');
}

/**
 * The contract file: the path in environment variable `envVar` when set, else the first
 * `relative` found walking up from `from` (the reference material sits next to the
 * project's checkout, outside it).
 */
export function findContractFile(relative: string, from: string, envVar: string): string {
  const override = process.env[envVar];
  if (override) {
    if (!existsSync(override)) throw new Error(`${envVar}=${override}: no such file`);
    return resolve(override);
  }
  let directory = resolve(from);
  for (;;) {
    const candidate = join(directory, relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(
        `contract ${relative} not found in ${from} or above it; set ${envVar} to its path`,
      );
    }
    directory = parent;
  }
}

function addStatus(map: Record<string, number[]>, key: string, status: number): void {
  const list = (map[key] ??= []);
  if (!list.includes(status)) list.push(status);
}

const ID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

function normalizeIds(path: string): string {
  return path.replace(ID_SEGMENT, '/{id}');
}
