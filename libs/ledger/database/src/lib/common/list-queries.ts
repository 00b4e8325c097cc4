import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  dateWindowOf,
  decodeCursor,
  encodeCursor,
  type CursorPage,
  type CursorQueryDto,
  type ListQueryDto,
  type MetadataCondition,
} from '@finplat/ledger-domain';

/** What most lists filter on: a case-insensitive name prefix and an exact status. */
export interface NamedListQuery extends ListQueryDto {
  name?: string;
  status?: string;
}

/**
 * Adds, for every condition, `metadata @> …` (served by the GIN index on metadata) and the
 * equivalent `metadata ? key AND metadata -> key = …` (flat metadata makes the two the same),
 * which a metadata index on that key (`(metadata -> key)`, partial on `metadata ? key` when
 * sparse) serves; the planner picks whichever is cheaper.
 */
export function applyMetadataFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  conditions: readonly MetadataCondition[] = [],
): SelectQueryBuilder<T> {
  const column = `${qb.alias}.metadata`;
  conditions.forEach((condition, i) => {
    const key = `metadataKey${i}`;
    const params: Record<string, string> = { [key]: condition.key };
    const contained: string[] = [];
    const values: string[] = [];
    condition.candidates.forEach((candidate, j) => {
      const param = `metadataFilter${i}x${j}`;
      params[param] = candidate;
      contained.push(`${column} @> CAST(:${param} AS jsonb)`);
      values.push(`CAST(:${param} AS jsonb) -> CAST(:${key} AS text)`);
    });
    qb.andWhere(
      `(${column} ? CAST(:${key} AS text) AND ${column} -> CAST(:${key} AS text) IN (${values.join(', ')}) AND (${contained.join(' OR ')}))`,
      params,
    );
  });
  return qb;
}

/**
 * Applies what every page-numbered list shares to a query of live rows: the metadata conditions,
 * the creation-date window, the sort order (by creation, then id) and the page.
 */
export function applyListQuery<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: ListQueryDto,
  metadata: readonly MetadataCondition[] = [],
): SelectQueryBuilder<T> {
  const alias = qb.alias;
  qb.andWhere(`${alias}.deleted_at IS NULL`);
  applyMetadataFilter(qb, metadata);
  const window = dateWindowOf(query);
  if (window) {
    qb.andWhere(`${alias}.created_at BETWEEN :windowFrom AND :windowTo`, {
      windowFrom: window.from,
      windowTo: window.to,
    });
  }
  const order = query.sort_order === 'desc' ? 'DESC' : 'ASC';
  return qb
    .orderBy(`${alias}.created_at`, order)
    .addOrderBy(`${alias}.id`, order)
    .offset((query.page - 1) * query.limit)
    .limit(query.limit);
}

/**
 * Keyset pagination over time-ordered UUIDv7 ids: `id > cursor ORDER BY id LIMIT n+1`,
 * stable under concurrent inserts, no OFFSET scans. Applies the creation-date window too.
 */
export async function cursorPage<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  query: CursorQueryDto,
  options: { idColumn?: string; dateColumn?: string } = {},
): Promise<CursorPage<T>> {
  const alias = qb.alias;
  const idColumn = options.idColumn ?? `${alias}.id`;
  const window = dateWindowOf(query);
  if (window) {
    qb.andWhere(
      `${options.dateColumn ?? `${alias}.created_at`} BETWEEN :cursorFrom AND :cursorTo`,
      {
        cursorFrom: window.from,
        cursorTo: window.to,
      },
    );
  }
  const ascending = query.sort_order !== 'desc';
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const forward = !cursor || cursor.direction === 'next';
  const scanAscending = forward === ascending;
  if (cursor)
    qb.andWhere(`${idColumn} ${scanAscending ? '>' : '<'} :cursorId`, { cursorId: cursor.id });
  const rows = await qb
    .orderBy(idColumn, scanAscending ? 'ASC' : 'DESC')
    .limit(query.limit + 1)
    .getMany();
  const hasMore = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  if (!forward) items.reverse();
  const first = items[0];
  const last = items[items.length - 1];
  return {
    items,
    limit: query.limit,
    next_cursor:
      last && (forward ? hasMore : true)
        ? encodeCursor({ id: last.id, direction: 'next' })
        : undefined,
    prev_cursor:
      first && cursor && (forward || hasMore)
        ? encodeCursor({ id: first.id, direction: 'prev' })
        : undefined,
  };
}
