import { Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { AuditTrail } from '@finplat/tracer-audit';
import { ruleEvent, TRANSITION_CHANGES, TracerEvents } from '@finplat/tracer-events';
import {
  lifecycleStamps,
  normalizeScopes,
  planTransition,
  TracerErrors,
  type LifecycleStatus as RuleStatus,
} from '@finplat/tracer-domain';
import { RuleExpressionCompiler } from './cel/rule-expression.compiler';
import { RuleCache } from './rule-cache';
import type { CreateRuleDto } from './dto/create-rule.dto';
import type { ListRulesQueryDto } from './dto/list-rules-query.dto';
import { toRuleResponse, type ListRulesResponse, type RuleResponse } from './dto/rule.response';
import type { UpdateRuleDto } from './dto/update-rule.dto';
import { cursorAfter, encodeCursor, parseListRulesQuery } from './rule-list-query';
import { duplicateRuleName, RuleRepository } from './rule.repository';
import { RuleEntity } from './rule.entity';

export const ruleNotFound = (id: string) =>
  new DomainError(TracerErrors.RULE_NOT_FOUND, `No rule with id ${id} was found.`, {
    entityType: 'Rule',
  });

const UPDATABLE_FIELDS = ['name', 'description', 'expression', 'action', 'scopes'] as const;

@Injectable()
export class RulesService {
  constructor(
    private readonly rules: RuleRepository,
    private readonly compiler: RuleExpressionCompiler,
    private readonly db: TenantDb,
    private readonly audit: AuditTrail,
    private readonly cache: RuleCache,
    private readonly events: TracerEvents,
  ) {}

  async create(dto: CreateRuleDto): Promise<RuleResponse> {
    const scopes = normalizeScopes(dto.scopes);
    this.assertCompiles(dto.expression);
    const created = await this.db.transaction(async () => {
      if (await this.rules.findByName(dto.name)) throw duplicateRuleName(dto.name);
      const now = new Date();
      const rule = Object.assign(new RuleEntity(), {
        id: newId(),
        name: dto.name,
        description: dto.description ?? null,
        expression: dto.expression,
        action: dto.action,
        scopes,
        status: 'DRAFT' as const,
        createdAt: now,
        updatedAt: now,
        activatedAt: null,
        deactivatedAt: null,
        deletedAt: null,
      });
      await this.rules.insert(rule);
      const after = toRuleResponse(rule);
      await this.audit.record({
        eventType: 'RULE_CREATED',
        action: 'CREATE',
        result: 'SUCCESS',
        resourceType: 'rule',
        resourceId: rule.id,
        context: { after },
      });
      await this.events.publish(ruleEvent('created', after));
      return after;
    });
    this.events.committed();
    return created;
  }

  async get(id: string): Promise<RuleResponse> {
    return toRuleResponse(await this.require(id));
  }

  async list(query: ListRulesQueryDto): Promise<ListRulesResponse> {
    const filter = parseListRulesQuery(query);
    const rows = await this.rules.list(filter);
    const page = rows.slice(0, filter.limit);
    const hasMore = rows.length > filter.limit;
    const last = page[page.length - 1];
    return {
      rules: page.map(toRuleResponse),
      hasMore,
      ...(hasMore && last ? { nextCursor: encodeCursor(cursorAfter(last, filter)) } : {}),
    };
  }

  async update(id: string, dto: UpdateRuleDto): Promise<RuleResponse> {
    if (!UPDATABLE_FIELDS.some((field) => dto[field] !== undefined)) {
      throw new DomainError(
        TracerErrors.NO_FIELDS_TO_UPDATE,
        `Send at least one of ${UPDATABLE_FIELDS.join(', ')} to update a rule.`,
      );
    }
    const scopes = dto.scopes === undefined ? undefined : normalizeScopes(dto.scopes);
    const updated = await this.db.transaction(async () => {
      const rule = await this.require(id, { lock: true });
      const before = toRuleResponse(rule);
      if (dto.expression !== undefined && dto.expression !== rule.expression) {
        if (rule.status !== 'DRAFT') {
          throw new DomainError(
            TracerErrors.EXPRESSION_NOT_MODIFIABLE,
            `The expression of rule ${id} can only change while it is DRAFT; it is ${rule.status}. ` +
              'Deactivate it and move it back to draft first.',
            { entityType: 'Rule', fields: { expression: 'not modifiable in this status' } },
          );
        }
        this.assertCompiles(dto.expression);
        rule.expression = dto.expression;
      }
      if (dto.name !== undefined && dto.name !== rule.name) {
        if (await this.rules.findByName(dto.name, rule.id)) throw duplicateRuleName(dto.name);
        rule.name = dto.name;
      }
      if (dto.description !== undefined) rule.description = dto.description;
      if (dto.action !== undefined) rule.action = dto.action;
      if (scopes !== undefined) rule.scopes = scopes;
      rule.updatedAt = new Date();
      await this.rules.save(rule);
      const after = toRuleResponse(rule);
      await this.audit.record({
        eventType: 'RULE_UPDATED',
        action: 'UPDATE',
        result: 'SUCCESS',
        resourceType: 'rule',
        resourceId: rule.id,
        context: { before, after },
      });
      await this.events.publish(ruleEvent('updated', after));
      this.cache.invalidate();
      return after;
    });
    this.events.committed();
    return updated;
  }

  activate(id: string): Promise<RuleResponse> {
    return this.transition(id, 'ACTIVE');
  }

  deactivate(id: string): Promise<RuleResponse> {
    return this.transition(id, 'INACTIVE');
  }

  draft(id: string): Promise<RuleResponse> {
    return this.transition(id, 'DRAFT');
  }

  /** Soft delete: DRAFT or INACTIVE only; an ACTIVE rule must be deactivated first. */
  async remove(id: string): Promise<void> {
    await this.transition(id, 'DELETED');
  }

  /** The live (non-deleted) rule with this id, or 404 TRC-0100. */
  async require(id: string, options: { lock?: boolean } = {}): Promise<RuleEntity> {
    const rule = await this.rules.findById(id, options);
    if (!rule) throw ruleNotFound(id);
    return rule;
  }

  private async transition(id: string, target: RuleStatus): Promise<RuleResponse> {
    const moved = await this.db.transaction(async () => {
      const rule = await this.require(id, { lock: true });
      if (planTransition(id, rule.status, target) === 'noop') return toRuleResponse(rule);
      // A rule is only evaluated once ACTIVE: make sure it still compiles in this version.
      if (target === 'ACTIVE') this.assertCompiles(rule.expression);
      const before = toRuleResponse(rule);
      const now = new Date();
      Object.assign(rule, { status: target, updatedAt: now }, lifecycleStamps(target, now));
      await this.rules.save(rule);
      const after = toRuleResponse(rule);
      await this.audit.transition('rule', rule.id, target, before, after);
      await this.events.publish(ruleEvent(TRANSITION_CHANGES[target], after));
      this.cache.invalidate();
      return after;
    });
    this.events.committed();
    return moved;
  }

  /**
   * 400 TRC-0083 (syntax), TRC-0084 (types, non-boolean result) or TRC-0085 (worst-case cost
   * above CEL_COST_LIMIT), with the compiler's words.
   */
  private assertCompiles(expression: string): void {
    const check = this.compiler.check(expression);
    if (check.valid) return;
    const where = check.position === undefined ? '' : ` at position ${check.position}`;
    if (check.failure === 'syntax') {
      throw new DomainError(
        TracerErrors.EXPRESSION_SYNTAX,
        `The expression is not valid CEL${where}: ${check.reason}.`,
        { fields: { expression: check.reason } },
      );
    }
    if (check.failure === 'cost') {
      throw new DomainError(
        TracerErrors.EXPRESSION_TOO_COSTLY,
        `The expression is too costly to evaluate: ${check.reason}.`,
        { fields: { expression: check.reason } },
      );
    }
    const message =
      check.failure === 'not-boolean'
        ? `The expression must evaluate to bool: ${check.reason}.`
        : `The expression does not type-check${where}: ${check.reason}.`;
    throw new DomainError(TracerErrors.EXPRESSION_TYPE, message, {
      fields: { expression: check.reason },
    });
  }
}
