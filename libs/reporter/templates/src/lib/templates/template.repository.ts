import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import { IsNull } from 'typeorm';
import type { OutputFormat } from '@finplat/reporter-domain';
import { TemplateEntity } from './template.entity';

export interface TemplateListFilter {
  outputFormat?: OutputFormat;
  /** Case-insensitive substring of the description. */
  description?: string;
  /** Created within [from, to). */
  createdFrom?: Date;
  createdTo?: Date;
  page: number;
  limit: number;
  sortOrder: 'asc' | 'desc';
}

/** Columns a list returns: everything but the template text. */
const SUMMARY_COLUMNS = [
  'id',
  'outputFormat',
  'description',
  'fileName',
  'mappedFields',
  'createdAt',
  'updatedAt',
  'deletedAt',
];

/** Escapes LIKE wildcards so a user's filter text matches literally. */
export function likeContains(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Templates of the current tenant; soft-deleted rows are invisible. */
@Injectable()
export class TemplateRepository {
  constructor(private readonly db: TenantDb) {}

  insert(template: TemplateEntity): Promise<void> {
    return this.db.transaction(async (m) => void (await m.insert(TemplateEntity, template)));
  }

  save(template: TemplateEntity): Promise<void> {
    return this.db.transaction(async (m) => void (await m.save(TemplateEntity, template)));
  }

  /** `lock` holds the row (FOR UPDATE) until the surrounding transaction ends. */
  findById(
    id: string,
    options: { lock?: boolean; includeDeleted?: boolean } = {},
  ): Promise<TemplateEntity | null> {
    return this.db.transaction((m) =>
      m.findOne(TemplateEntity, {
        where: options.includeDeleted ? { id } : { id, deletedAt: IsNull() },
        ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      }),
    );
  }

  /** One page of live templates (without their text) and how many match in all. */
  list(filter: TemplateListFilter): Promise<{ items: TemplateEntity[]; total: number }> {
    return this.db.transaction(async (m) => {
      const qb = m
        .createQueryBuilder(TemplateEntity, 't')
        .select(SUMMARY_COLUMNS.map((column) => `t.${column}`))
        .where('t.deleted_at IS NULL');
      if (filter.outputFormat)
        qb.andWhere('t.output_format = :format', { format: filter.outputFormat });
      if (filter.description) {
        qb.andWhere("t.description ILIKE :description ESCAPE '\\'", {
          description: likeContains(filter.description),
        });
      }
      if (filter.createdFrom) qb.andWhere('t.created_at >= :from', { from: filter.createdFrom });
      if (filter.createdTo) qb.andWhere('t.created_at < :to', { to: filter.createdTo });
      const order = filter.sortOrder === 'desc' ? 'DESC' : 'ASC';
      const [items, total] = await qb
        .orderBy('t.created_at', order)
        .addOrderBy('t.id', order)
        .skip((filter.page - 1) * filter.limit)
        .take(filter.limit)
        .getManyAndCount();
      return { items, total };
    });
  }
}
