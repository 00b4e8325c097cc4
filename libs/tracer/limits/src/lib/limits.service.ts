import { Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { AuditTrail } from '@finplat/tracer-audit';
import { limitEvent, TRANSITION_CHANGES, TracerEvents } from '@finplat/tracer-events';
import {
  lifecycleStamps,
  normalizeScopes,
  planTransition,
  toPage,
  TracerErrors,
  type LifecycleStatus,
} from '@finplat/tracer-domain';
import Decimal from 'decimal.js';
import type { CreateLimitDto } from './dto/create-limit.dto';
import type { ListLimitsQueryDto } from './dto/list-limits-query.dto';
import {
  toLimitResponse,
  type LimitResponse,
  type ListLimitsResponse,
  type UsageSnapshotResponse,
} from './dto/limit.response';
import type { UpdateLimitDto } from './dto/update-limit.dto';
import { LIMIT_CURSORS, limitCursorAfter, parseListLimitsQuery } from './limit-list-query';
import { periodKey, resetAt } from './limit-periods';
import { duplicateLimitName, LimitRepository } from './limit.repository';
import type { Limit } from './limit.entity';

const FIVE_YEARS_MS = 5 * 366 * 86_400_000;
const NEAR_LIMIT_PERCENT = 80;

export const limitNotFound = (id: string) =>
  new DomainError(TracerErrors.LIMIT_NOT_FOUND, `No limit with id ${id} was found.`, {
    entityType: 'Limit',
  });

const invalidLimit = (field: string, message: string) =>
  new DomainError(TracerErrors.INVALID_LIMIT, message, { fields: { [field]: message } });

/**
 * The rules a limit's fields obey together: maxAmount above zero; an active window has both
 * ends and a width; custom dates belong to CUSTOM limits only, in order, at most five years.
 */
export function checkLimitShape(limit: Limit): void {
  if (!new Decimal(limit.maxAmount).greaterThan(0)) {
    throw invalidLimit('maxAmount', 'maxAmount must be greater than zero.');
  }
  if ((limit.activeTimeStart === null) !== (limit.activeTimeEnd === null)) {
    const missing = limit.activeTimeStart === null ? 'activeTimeStart' : 'activeTimeEnd';
    throw invalidLimit(missing, 'activeTimeStart and activeTimeEnd go together.');
  }
  if (limit.activeTimeStart !== null && limit.activeTimeStart === limit.activeTimeEnd) {
    throw invalidLimit('activeTimeEnd', 'The active window has no width (start equals end).');
  }
  const { customStartDate: start, customEndDate: end } = limit;
  if (limit.limitType === 'CUSTOM') {
    if (!start) throw invalidLimit('customStartDate', 'A CUSTOM limit needs customStartDate.');
    if (!end) throw invalidLimit('customEndDate', 'A CUSTOM limit needs customEndDate.');
    if (end <= start)
      throw invalidLimit('customEndDate', 'customEndDate must follow customStartDate.');
    if (end.getTime() - start.getTime() > FIVE_YEARS_MS) {
      throw invalidLimit('customEndDate', 'A custom period spans at most 5 years.');
    }
  } else if (start || end) {
    throw invalidLimit(
      start ? 'customStartDate' : 'customEndDate',
      'customStartDate and customEndDate apply to CUSTOM limits only.',
    );
  }
}

const dateOrNull = (value: string | null | undefined) => (value ? new Date(value) : null);

@Injectable()
export class LimitsService {
  constructor(
    private readonly limits: LimitRepository,
    private readonly db: TenantDb,
    private readonly audit: AuditTrail,
    private readonly events: TracerEvents,
  ) {}

  async create(dto: CreateLimitDto): Promise<LimitResponse> {
    const now = new Date();
    const limit: Limit = {
      id: newId(),
      name: dto.name,
      description: dto.description ?? null,
      limitType: dto.limitType,
      maxAmount: dto.maxAmount,
      currency: dto.currency,
      scopes: normalizeScopes(dto.scopes),
      status: 'DRAFT',
      activeTimeStart: dto.activeTimeStart ?? null,
      activeTimeEnd: dto.activeTimeEnd ?? null,
      customStartDate: dateOrNull(dto.customStartDate),
      customEndDate: dateOrNull(dto.customEndDate),
      createdAt: now,
      updatedAt: now,
      activatedAt: null,
      deactivatedAt: null,
      deletedAt: null,
    };
    checkLimitShape(limit);
    const created = await this.db.transaction(async () => {
      if (await this.limits.findByName(limit.name)) throw duplicateLimitName(limit.name);
      await this.limits.insert(limit);
      const after = toLimitResponse(limit);
      await this.audit.record({
        eventType: 'LIMIT_CREATED',
        action: 'CREATE',
        result: 'SUCCESS',
        resourceType: 'limit',
        resourceId: limit.id,
        context: { after },
      });
      await this.events.publish(limitEvent('created', after));
      return after;
    });
    this.events.committed();
    return created;
  }

  async get(id: string): Promise<LimitResponse> {
    return toLimitResponse(await this.require(id));
  }

  async list(query: ListLimitsQueryDto): Promise<ListLimitsResponse> {
    const filter = parseListLimitsQuery(query);
    const rows = await this.limits.list(filter);
    const page = toPage(rows, filter, LIMIT_CURSORS, (last) => limitCursorAfter(last, filter));
    return {
      limits: page.items.map((limit) => toLimitResponse(limit)),
      hasMore: page.hasMore,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  async update(id: string, dto: UpdateLimitDto): Promise<LimitResponse> {
    const fields = Object.keys(dto).filter(
      (key) => (dto as Record<string, unknown>)[key] !== undefined,
    );
    if (fields.length === 0) {
      throw new DomainError(
        TracerErrors.NO_FIELDS_TO_UPDATE,
        'Send at least one field to update a limit.',
      );
    }
    const scopes = dto.scopes === undefined ? undefined : normalizeScopes(dto.scopes);
    const updated = await this.db.transaction(async () => {
      const limit = await this.require(id, { lock: true });
      const before = toLimitResponse(limit);
      if (dto.name !== undefined && dto.name !== limit.name) {
        if (await this.limits.findByName(dto.name, id)) throw duplicateLimitName(dto.name);
        limit.name = dto.name;
      }
      if (dto.description !== undefined) limit.description = dto.description;
      if (dto.maxAmount !== undefined) limit.maxAmount = dto.maxAmount;
      if (scopes !== undefined) limit.scopes = scopes;
      if (dto.activeTimeStart !== undefined) limit.activeTimeStart = dto.activeTimeStart;
      if (dto.activeTimeEnd !== undefined) limit.activeTimeEnd = dto.activeTimeEnd;
      if (dto.customStartDate !== undefined)
        limit.customStartDate = dateOrNull(dto.customStartDate);
      if (dto.customEndDate !== undefined) limit.customEndDate = dateOrNull(dto.customEndDate);
      checkLimitShape(limit);
      limit.updatedAt = new Date();
      await this.limits.save(limit);
      const after = toLimitResponse(limit);
      await this.audit.record({
        eventType: 'LIMIT_UPDATED',
        action: 'UPDATE',
        result: 'SUCCESS',
        resourceType: 'limit',
        resourceId: id,
        context: { before, after },
      });
      await this.events.publish(limitEvent('updated', after));
      return after;
    });
    this.events.committed();
    return updated;
  }

  activate(id: string) {
    return this.transition(id, 'ACTIVE');
  }

  deactivate(id: string) {
    return this.transition(id, 'INACTIVE');
  }

  draft(id: string) {
    return this.transition(id, 'DRAFT');
  }

  /** Soft delete, from DRAFT or INACTIVE only. */
  async remove(id: string): Promise<void> {
    await this.transition(id, 'DELETED');
  }

  /**
   * The limit's usage in the current period (used plus held by open reservations, over all
   * its scope keys), its share of maxAmount, and when the period resets.
   */
  async usage(id: string): Promise<UsageSnapshotResponse> {
    const limit = await this.require(id);
    const now = new Date();
    const period = periodKey(limit.limitType, now);
    const usage = period ? await this.limits.usage(id, period) : { used: '0', reserved: '0' };
    const current = new Decimal(usage.used).plus(usage.reserved);
    const percent = current.dividedBy(limit.maxAmount).times(100).toDecimalPlaces(2).toNumber();
    const reset = resetAt(limit, now);
    return {
      limitId: id,
      limitAmount: limit.maxAmount,
      currentUsage: current.toFixed(),
      utilizationPercent: percent,
      nearLimit: percent > NEAR_LIMIT_PERCENT,
      ...(reset ? { resetAt: reset.toISOString() } : {}),
    };
  }

  async require(id: string, options: { lock?: boolean } = {}): Promise<Limit> {
    const limit = await this.limits.findById(id, options);
    if (!limit) throw limitNotFound(id);
    return limit;
  }

  private async transition(id: string, target: LifecycleStatus): Promise<LimitResponse> {
    const moved = await this.db.transaction(async () => {
      const limit = await this.require(id, { lock: true });
      if (planTransition(id, limit.status, target, 'Limit') === 'noop') {
        return toLimitResponse(limit);
      }
      const before = toLimitResponse(limit);
      const now = new Date();
      Object.assign(limit, { status: target, updatedAt: now }, lifecycleStamps(target, now));
      await this.limits.save(limit);
      const after = toLimitResponse(limit);
      await this.audit.transition('limit', id, target, before, after);
      await this.events.publish(limitEvent(TRANSITION_CHANGES[target], after));
      return after;
    });
    this.events.committed();
    return moved;
  }
}
