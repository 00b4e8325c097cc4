import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { dateWindowOf, type OnboardingListQueryDto } from './list-query.dto';
import { applyMetadataFilter, type MetadataCondition } from './metadata-filter';

/**
 * Applies what every onboarding list shares to a query of live rows: the metadata conditions,
 * the creation-date window, the sort order (by creation, then id) and the page.
 */
export function applyListQuery<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: OnboardingListQueryDto,
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
