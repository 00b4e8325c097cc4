import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { MetadataCondition } from '@finplat/ledger-domain';
import { applyMetadataFilter } from '../common/list-queries';

/** Page, order and soft-delete visibility of a CRM list (Midaz's holder and instrument lists). */
export interface CrmPageQuery {
  page: number;
  limit: number;
  sort_order: 'asc' | 'desc';
  includeDeleted?: boolean;
}

/** Applies deleted-row visibility, the metadata conditions, creation order and the page. */
export function crmPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: CrmPageQuery,
  metadata: readonly MetadataCondition[],
): SelectQueryBuilder<T> {
  const a = qb.alias;
  if (!query.includeDeleted) qb.andWhere(`${a}.deleted_at IS NULL`);
  applyMetadataFilter(qb, metadata);
  const order = query.sort_order === 'desc' ? 'DESC' : 'ASC';
  return qb
    .orderBy(`${a}.created_at`, order)
    .addOrderBy(`${a}.id`, order)
    .offset((query.page - 1) * query.limit)
    .limit(query.limit);
}
