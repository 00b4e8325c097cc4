import { Injectable } from '@nestjs/common';
import { DomainError } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { TracerErrors } from '@finplat/tracer-domain';
import type { RuleListFilter, RuleSortColumn } from './rule-list-query';
import { RuleEntity } from './rule.entity';

const NAME_INDEX = 'rules_name_uq';

export const duplicateRuleName = (name: string) =>
  new DomainError(
    TracerErrors.RULE_NAME_EXISTS,
    `A rule named ${name} already exists; rule names are unique (case-insensitive).`,
    { entityType: 'Rule', fields: { name: 'already in use' } },
  );

const SORT_COLUMNS: Record<RuleSortColumn, { sql: string; cast: string }> = {
  created_at: { sql: 'r.created_at', cast: 'timestamptz' },
  updated_at: { sql: 'r.updated_at', cast: 'timestamptz' },
  name: { sql: 'r.name', cast: 'text' },
  status: { sql: 'r.status', cast: 'text' },
};

/** Escapes LIKE wildcards so a user's filter text matches literally. */
const likeContains = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Rules of the current tenant. DELETED rules keep their row but are invisible here: every
 * read filters them out, so they answer 404 everywhere.
 */
@Injectable()
export class RuleRepository {
  constructor(private readonly db: TenantDb) {}

  insert(rule: RuleEntity): Promise<void> {
    return this.write(rule, (m) => m.insert(RuleEntity, rule));
  }

  save(rule: RuleEntity): Promise<void> {
    return this.write(rule, (m) => m.save(RuleEntity, rule));
  }

  /** `lock` holds the row (FOR UPDATE) until the surrounding transaction ends. */
  findById(id: string, options: { lock?: boolean } = {}): Promise<RuleEntity | null> {
    return this.db.transaction((m) => {
      const qb = m
        .createQueryBuilder(RuleEntity, 'r')
        .where('r.id = :id', { id })
        .andWhere(`r.status <> 'DELETED'`);
      if (options.lock) qb.setLock('pessimistic_write');
      return qb.getOne();
    });
  }

  /** A live rule with this name (case-insensitive), other than `exceptId`. */
  findByName(name: string, exceptId?: string): Promise<RuleEntity | null> {
    return this.db.transaction((m) => {
      const qb = m
        .createQueryBuilder(RuleEntity, 'r')
        .where('lower(r.name) = lower(:name)', { name })
        .andWhere(`r.status <> 'DELETED'`);
      if (exceptId) qb.andWhere('r.id <> :exceptId', { exceptId });
      return qb.getOne();
    });
  }

  /** One page plus one row (so the caller knows whether more follow), in the filter's order. */
  list(filter: RuleListFilter): Promise<RuleEntity[]> {
    return this.db.transaction((m) => {
      const qb = m.createQueryBuilder(RuleEntity, 'r').where(`r.status <> 'DELETED'`);
      if (filter.name) qb.andWhere('r.name ILIKE :name', { name: likeContains(filter.name) });
      if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
      if (filter.action) qb.andWhere('r.action = :action', { action: filter.action });
      if (filter.scope) {
        // jsonb containment: one element of `scopes` holds every requested value.
        qb.andWhere('r.scopes @> CAST(:scope AS jsonb)', {
          scope: JSON.stringify([filter.scope]),
        });
      }
      const column = SORT_COLUMNS[filter.sortBy];
      const direction = filter.sortOrder;
      if (filter.after) {
        const comparator = direction === 'ASC' ? '>' : '<';
        qb.andWhere(
          `(${column.sql}, r.id) ${comparator} (CAST(:afterValue AS ${column.cast}), CAST(:afterId AS uuid))`,
          { afterValue: filter.after.value, afterId: filter.after.id },
        );
      }
      return qb
        .orderBy(column.sql, direction)
        .addOrderBy('r.id', direction)
        .limit(filter.limit + 1)
        .getMany();
    });
  }

  /** Writes a rule; the unique name index turns a lost race into 409 TRC-0101. */
  private write(rule: RuleEntity, work: (m: EntityManager) => Promise<unknown>): Promise<void> {
    return this.db.transaction(async (m) => {
      try {
        await work(m);
      } catch (error) {
        if (isUniqueViolation(error, NAME_INDEX)) throw duplicateRuleName(rule.name);
        throw error;
      }
    });
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
