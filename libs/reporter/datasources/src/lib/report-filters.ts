import { DomainError } from '@finplat/platform';
import { ReporterErrors } from '@finplat/reporter-domain';
import type { TableSchema } from './datasource-schema';

/** Lerian Reporter's filter operators. */
export const FILTER_OPERATORS = ['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'nin'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];
export type FilterValue = string | number | boolean;
export type FilterCondition = Partial<Record<FilterOperator, FilterValue[]>>;
/** `{datasource: {table: {field: condition}}}`. */
export type ReportFilters = Record<string, Record<string, Record<string, FilterCondition>>>;

const MAX_VALUES = 1000;
const MAX_VALUE_LENGTH = 1024;
const SINGLE: FilterOperator[] = ['gt', 'gte', 'lt', 'lte'];

const invalid = (path: string, message: string) =>
  new DomainError(ReporterErrors.INVALID_FILTERS, `filters.${path}: ${message}`, {
    entityType: 'Report',
    fields: { [`filters.${path}`]: message },
  });

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the shape of a report's filters (operators, value counts and types) without the
 * schema; the names are checked against the schema by `filterConditions`.
 */
export function parseFilters(raw: unknown): ReportFilters {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw))
    throw invalid('', 'must be an object {datasource: {table: {field: condition}}}');
  const filters: ReportFilters = {};
  for (const [ds, tables] of Object.entries(raw)) {
    if (!isPlainObject(tables)) throw invalid(ds, 'must be an object of tables');
    filters[ds] = {};
    for (const [table, fields] of Object.entries(tables)) {
      if (!isPlainObject(fields)) throw invalid(`${ds}.${table}`, 'must be an object of fields');
      filters[ds][table] = {};
      for (const [field, condition] of Object.entries(fields)) {
        const path = `${ds}.${table}.${field}`;
        if (!isPlainObject(condition))
          throw invalid(path, `must be an object of operators (${FILTER_OPERATORS.join(', ')})`);
        const parsed: FilterCondition = {};
        for (const [operator, values] of Object.entries(condition)) {
          if (!(FILTER_OPERATORS as readonly string[]).includes(operator)) {
            throw invalid(
              `${path}.${operator}`,
              `unknown operator; use one of ${FILTER_OPERATORS.join(', ')}`,
            );
          }
          const op = operator as FilterOperator;
          if (!Array.isArray(values) || values.length === 0)
            throw invalid(`${path}.${op}`, 'must be a non-empty array of values');
          if (values.length > MAX_VALUES)
            throw invalid(`${path}.${op}`, `at most ${MAX_VALUES} values`);
          for (const value of values) {
            const ok =
              (typeof value === 'string' && value.length <= MAX_VALUE_LENGTH) ||
              (typeof value === 'number' && Number.isFinite(value)) ||
              typeof value === 'boolean';
            if (!ok)
              throw invalid(
                `${path}.${op}`,
                `values must be strings (up to ${MAX_VALUE_LENGTH} characters), numbers or booleans`,
              );
          }
          if (SINGLE.includes(op) && values.length !== 1)
            throw invalid(`${path}.${op}`, 'takes exactly one value');
          if (op === 'between' && values.length !== 2)
            throw invalid(`${path}.${op}`, 'takes exactly two values [min, max]');
          parsed[op] = values as FilterValue[];
        }
        if (Object.keys(parsed).length === 0) throw invalid(path, 'needs at least one operator');
        filters[ds][table][field] = parsed;
      }
    }
  }
  return filters;
}

/** A SQL condition and its parameters, numbered from `$<offset + 1>`. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The WHERE clause of one table's filters. Field names must be columns of the live schema
 * (else 400); values travel only as parameters, cast to the column's own type, so a value is
 * data and never SQL.
 */
export function filterConditions(
  table: TableSchema,
  fields: Record<string, FilterCondition> | undefined,
  path: string,
): SqlCondition {
  const parts: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown, type: string, array = false) => {
    params.push(array ? (value as unknown[]).map(text) : text(value));
    return `$${params.length}::${quoteIdent(type)}${array ? '[]' : ''}`;
  };
  for (const [field, condition] of Object.entries(fields ?? {})) {
    const type = table.types[field];
    if (!type) {
      throw new DomainError(
        ReporterErrors.MISSING_TABLE_FIELDS,
        `filters.${path}.${field}: "${field}" is not a column of ${table.name}`,
        { entityType: 'Report', fields: { [`filters.${path}.${field}`]: 'unknown field' } },
      );
    }
    const column = quoteIdent(field);
    for (const [op, values] of Object.entries(condition) as [FilterOperator, FilterValue[]][]) {
      switch (op) {
        case 'eq':
        case 'in':
          parts.push(
            values.length === 1
              ? `${column} = ${param(values[0], type)}`
              : `${column} = ANY(${param(values, type, true)})`,
          );
          break;
        case 'nin':
          parts.push(`NOT (${column} = ANY(${param(values, type, true)}))`);
          break;
        case 'gt':
          parts.push(`${column} > ${param(values[0], type)}`);
          break;
        case 'gte':
          parts.push(`${column} >= ${param(values[0], type)}`);
          break;
        case 'lt':
          parts.push(`${column} < ${param(values[0], type)}`);
          break;
        case 'lte':
          parts.push(`${column} <= ${param(values[0], type)}`);
          break;
        case 'between':
          parts.push(`${column} BETWEEN ${param(values[0], type)} AND ${param(values[1], type)}`);
          break;
      }
    }
  }
  return { sql: parts.join(' AND '), params };
}

const text = (value: unknown) => String(value);
