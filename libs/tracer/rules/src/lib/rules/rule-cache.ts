import { Inject, Injectable } from '@nestjs/common';
import type { ParseResult } from '@marcbachmann/cel-js';
import { TenantContext, TenantDb } from '@finplat/tenancy';
import { TRACER_OPTIONS, type Scope, type TracerOptions } from '@finplat/tracer-domain';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { RuleExpressionCompiler } from './cel/rule-expression.compiler';
import type { RuleAction } from './rule.entity';

/** An active rule ready to evaluate. */
export interface CompiledRule {
  id: string;
  name: string;
  action: RuleAction;
  scopes: Scope[];
  program: ParseResult;
}

interface TenantRules {
  rules: CompiledRule[];
  /** Active count and newest updated_at when loaded: any rule change moves it. */
  fingerprint: string;
  checkedAt: number;
}

/** Most tenants whose rules one instance keeps; the least recently used go first. */
const MAX_TENANTS = 1_000;
/** Compiled programs shared by every tenant, by expression text. */
const MAX_PROGRAMS = 20_000;

/**
 * The active rules of each tenant, compiled. Local changes write through (`invalidate`);
 * changes made by other instances are noticed by polling the tenant's rules fingerprint
 * (count and newest `updated_at`) at most every RULE_SYNC_INTERVAL_MS, so a change anywhere
 * is in force everywhere within that interval. Memory is bounded across tenants by an LRU
 * of tenants and an LRU of programs, which identical expressions of different tenants share.
 */
@Injectable()
export class RuleCache {
  private readonly tenants = new LRUCache<string, TenantRules>({ max: MAX_TENANTS });
  private readonly programs = new LRUCache<string, ParseResult>({ max: MAX_PROGRAMS });
  private readonly loading = new Map<string, Promise<TenantRules>>();

  constructor(
    private readonly db: TenantDb,
    private readonly compiler: RuleExpressionCompiler,
    @Inject(TRACER_OPTIONS) private readonly options: TracerOptions,
  ) {}

  /** The current tenant's active rules, oldest first. */
  async active(): Promise<CompiledRule[]> {
    const key = this.tenantKey();
    const cached = this.tenants.get(key);
    const now = Date.now();
    if (cached && now - cached.checkedAt < this.options.ruleSyncIntervalMs) return cached.rules;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.refresh(cached).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    const fresh = await pending;
    this.tenants.set(key, fresh);
    return fresh.rules;
  }

  /** Forgets the current tenant's rules after a local change (write-through). */
  invalidate(): void {
    this.tenants.delete(this.tenantKey());
  }

  private tenantKey(): string {
    const { tenantId, connections } = TenantContext.current();
    return `${tenantId}|${connections.postgresql.database}|${connections.postgresql.schema ?? ''}`;
  }

  private async refresh(cached: TenantRules | undefined): Promise<TenantRules> {
    return this.db.transaction(async (m) => {
      const [{ fingerprint }] = await m.query<{ fingerprint: string }[]>(
        `SELECT count(*) FILTER (WHERE status = 'ACTIVE') || '|' ||
                coalesce(max(updated_at)::text, '') AS fingerprint FROM rules`,
      );
      if (cached && cached.fingerprint === fingerprint) {
        return { ...cached, checkedAt: Date.now() };
      }
      const rows = await m.query<
        { id: string; name: string; action: RuleAction; scopes: Scope[]; expression: string }[]
      >(
        `SELECT id, name, action, scopes, expression FROM rules
          WHERE status = 'ACTIVE' ORDER BY created_at, id`,
      );
      const rules: CompiledRule[] = [];
      for (const row of rows) {
        const program = this.compile(row.expression);
        if (program) rules.push({ ...row, program });
      }
      return { rules, fingerprint, checkedAt: Date.now() };
    });
  }

  private compile(expression: string): ParseResult | undefined {
    const hash = createHash('sha256').update(expression).digest('base64url');
    let program = this.programs.get(hash);
    if (!program) {
      const check = this.compiler.check(expression);
      // Activation refuses expressions that do not compile; one that stopped compiling
      // after an upgrade is left out rather than failing every validation.
      if (!check.valid) return undefined;
      program = check.program;
      this.programs.set(hash, program);
    }
    return program;
  }
}
