import { Injectable } from '@nestjs/common';
import { DomainError, PlatformErrors } from '@finplat/platform';
import {
  METADATA_INDEX_TABLES,
  metadataIndexNameOf,
  MetadataIndexRepository,
  type MetadataIndexRow,
} from '@finplat/ledger-database';
import { METADATA_MAX_KEY_LENGTH, MetadataIndexErrors } from '@finplat/ledger-domain';
import type { CreateMetadataIndexDto, MetadataIndexResponse } from './dto/metadata-index.dto';

const ENTITIES = Object.keys(METADATA_INDEX_TABLES);
/** Written only by postings. */
const APPEND_ONLY = ['transaction', 'operation'];

function checkEntity(entityName: string): void {
  if (!ENTITIES.includes(entityName)) {
    throw new DomainError(
      MetadataIndexErrors.INVALID_ENTITY,
      `entity_name must be one of ${ENTITIES.join(', ')}.`,
      { fields: { entity_name: `one of ${ENTITIES.join(', ')}` } },
    );
  }
}

function checkKey(key: string): void {
  if (key.length === 0 || key.length > METADATA_MAX_KEY_LENGTH) {
    throw new DomainError(
      PlatformErrors.INVALID_PATH_PARAMETER,
      `index_key must be 1 to ${METADATA_MAX_KEY_LENGTH} characters.`,
      { fields: { index_key: `1 to ${METADATA_MAX_KEY_LENGTH} characters` } },
    );
  }
}

const toResponse = (row: MetadataIndexRow): MetadataIndexResponse => ({
  indexName: row.indexName,
  entityName: row.entityName,
  metadataKey: row.metadataKey,
  unique: row.unique,
  sparse: row.sparse,
  stats: {
    accesses: row.accesses,
    ...(row.statsSince ? { statsSince: row.statsSince.toISOString() } : {}),
  },
});

/** Metadata indexes of the current tenant, per entity and key (decision 0051). */
@Injectable()
export class MetadataIndexesService {
  constructor(private readonly indexes: MetadataIndexRepository) {}

  async list(entityName?: string): Promise<MetadataIndexResponse[]> {
    if (entityName !== undefined) checkEntity(entityName);
    return (await this.indexes.list(entityName)).map(toResponse);
  }

  async create(entityName: string, dto: CreateMetadataIndexDto): Promise<MetadataIndexResponse> {
    checkEntity(entityName);
    const unique = dto.unique ?? false;
    if (unique && APPEND_ONLY.includes(entityName)) {
      // Postings insert these rows in bulk statements that a per-row conflict would fail whole.
      throw new DomainError(
        MetadataIndexErrors.INVALID_ENTITY,
        `Unique metadata indexes are not offered on ${entityName}; use a non-unique one.`,
        { fields: { unique: `not available for ${entityName}` } },
      );
    }
    const sparse = dto.sparse ?? false;
    const result = await this.indexes.create(entityName, dto.metadataKey, unique, sparse);
    if (result === 'no-table') {
      throw new DomainError(
        MetadataIndexErrors.INVALID_ENTITY,
        `The ledger does not store ${entityName} yet.`,
        { fields: { entity_name: 'not stored by this ledger' } },
      );
    }
    if (result === 'exists') {
      throw new DomainError(
        MetadataIndexErrors.INDEX_EXISTS,
        `${entityName} already has an index on metadata key ${dto.metadataKey}.`,
        { fields: { metadataKey: 'already indexed' } },
      );
    }
    if (result === 'duplicate-values') {
      throw new DomainError(
        MetadataIndexErrors.DUPLICATE_VALUES,
        `Live ${entityName} rows already share values of metadata key ${dto.metadataKey}; a unique index cannot be built.`,
        { fields: { unique: 'existing values are not unique' } },
      );
    }
    const created = (await this.indexes.list(entityName)).find(
      (row) => row.metadataKey === dto.metadataKey,
    );
    return toResponse(
      created ?? {
        indexName: metadataIndexNameOf(METADATA_INDEX_TABLES[entityName], dto.metadataKey),
        entityName,
        metadataKey: dto.metadataKey,
        unique,
        sparse,
        accesses: 0,
        statsSince: null,
      },
    );
  }

  async remove(entityName: string, key: string): Promise<void> {
    checkEntity(entityName);
    checkKey(key);
    if (!(await this.indexes.drop(entityName, key))) {
      throw new DomainError(
        MetadataIndexErrors.INDEX_NOT_FOUND,
        `${entityName} has no index on metadata key ${key}.`,
      );
    }
  }
}
