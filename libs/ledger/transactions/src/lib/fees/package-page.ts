import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** One page of an organization's packages, oldest first (or newest), with the total count. */
export async function packagePage<T extends ObjectLiteral, R>(
  qb: SelectQueryBuilder<T>,
  query: { page: number; limit: number; sort_order: 'asc' | 'desc' },
  toResponse: (row: T) => R,
): Promise<{ items: R[]; page: number; limit: number; total: number }> {
  const order = query.sort_order === 'desc' ? 'DESC' : 'ASC';
  const [rows, total] = await qb
    .orderBy(`${qb.alias}.created_at`, order)
    .addOrderBy(`${qb.alias}.id`, order)
    .skip((query.page - 1) * query.limit)
    .take(query.limit)
    .getManyAndCount();
  return { items: rows.map(toResponse), page: query.page, limit: query.limit, total };
}
