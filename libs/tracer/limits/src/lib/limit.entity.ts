import type { LifecycleStatus, Scope } from '@finplat/tracer-domain';
import type { LimitType } from './limit-periods';

/** A spending limit as stored (`limits`); amounts stay decimal strings end to end. */
export interface Limit {
  id: string;
  name: string;
  description: string | null;
  limitType: LimitType;
  maxAmount: string;
  currency: string;
  scopes: Scope[];
  status: LifecycleStatus;
  activeTimeStart: string | null;
  activeTimeEnd: string | null;
  customStartDate: Date | null;
  customEndDate: Date | null;
  createdAt: Date;
  updatedAt: Date;
  activatedAt: Date | null;
  deactivatedAt: Date | null;
  deletedAt: Date | null;
}

export interface LimitRow {
  id: string;
  name: string;
  description: string | null;
  limit_type: LimitType;
  max_amount: string;
  currency: string;
  scopes: Scope[];
  status: LifecycleStatus;
  active_time_start: string | null;
  active_time_end: string | null;
  custom_start_date: Date | null;
  custom_end_date: Date | null;
  created_at: Date;
  updated_at: Date;
  activated_at: Date | null;
  deactivated_at: Date | null;
  deleted_at: Date | null;
}

export const limitFromRow = (row: LimitRow): Limit => ({
  id: row.id,
  name: row.name,
  description: row.description,
  limitType: row.limit_type,
  maxAmount: row.max_amount,
  currency: row.currency,
  scopes: row.scopes,
  status: row.status,
  activeTimeStart: row.active_time_start,
  activeTimeEnd: row.active_time_end,
  customStartDate: row.custom_start_date,
  customEndDate: row.custom_end_date,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  activatedAt: row.activated_at,
  deactivatedAt: row.deactivated_at,
  deletedAt: row.deleted_at,
});

/** Column order of every write, matching `limitParams`. */
export const LIMIT_COLUMNS = [
  'id',
  'name',
  'description',
  'limit_type',
  'max_amount',
  'currency',
  'scopes',
  'status',
  'active_time_start',
  'active_time_end',
  'custom_start_date',
  'custom_end_date',
  'created_at',
  'updated_at',
  'activated_at',
  'deactivated_at',
  'deleted_at',
] as const;

export const limitParams = (limit: Limit): unknown[] => [
  limit.id,
  limit.name,
  limit.description,
  limit.limitType,
  limit.maxAmount,
  limit.currency,
  JSON.stringify(limit.scopes),
  limit.status,
  limit.activeTimeStart,
  limit.activeTimeEnd,
  limit.customStartDate,
  limit.customEndDate,
  limit.createdAt,
  limit.updatedAt,
  limit.activatedAt,
  limit.deactivatedAt,
  limit.deletedAt,
];
