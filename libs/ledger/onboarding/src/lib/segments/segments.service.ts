import { Injectable } from '@nestjs/common';
import { DomainError, newId, type Page } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { LedgerErrors } from '../common/ledger.errors';
import { mergeMetadata, validateMetadata } from '../common/metadata';
import type { MetadataCondition } from '../common/metadata-filter';
import { entityNotFound } from '../common/not-found';
import { withUniqueViolations } from '../common/unique-violation';
import { LedgersService } from '../ledgers/ledgers.service';
import type { CreateSegmentDto } from './dto/create-segment.dto';
import type { ListSegmentsQueryDto } from './dto/list-segments-query.dto';
import { toSegmentResponse, type SegmentResponse } from './dto/segment.response';
import type { UpdateSegmentDto } from './dto/update-segment.dto';
import { SegmentEntity } from './segment.entity';
import { SegmentRepository } from './segment.repository';

const duplicateSegment = (name: string, ledgerId: string) =>
  new DomainError(
    LedgerErrors.DUPLICATE_SEGMENT_NAME,
    `A segment named ${name} already exists in ledger ${ledgerId}.`,
    { entityType: 'Segment', fields: { name: 'already in use' } },
  );

@Injectable()
export class SegmentsService {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly segments: SegmentRepository,
    private readonly db: TenantDb,
  ) {}

  async create(
    organizationId: string,
    ledgerId: string,
    dto: CreateSegmentDto,
  ): Promise<SegmentResponse> {
    const metadata = validateMetadata(dto.metadata);
    return withUniqueViolations(
      () =>
        this.db.transaction(async () => {
          await this.ledgers.require(organizationId, ledgerId);
          if (await this.segments.findByName(organizationId, ledgerId, dto.name)) {
            throw duplicateSegment(dto.name, ledgerId);
          }
          const now = new Date();
          const segment = Object.assign(new SegmentEntity(), {
            id: newId(),
            organizationId,
            ledgerId,
            name: dto.name,
            status: dto.status?.code ?? 'ACTIVE',
            statusDescription: dto.status?.description ?? null,
            metadata,
            createdAt: now,
            updatedAt: now,
            deletedAt: null,
          });
          await this.segments.insert(segment);
          return toSegmentResponse(segment);
        }),
      { segment_name_per_ledger_uq: () => duplicateSegment(dto.name, ledgerId) },
    );
  }

  get(organizationId: string, ledgerId: string, id: string): Promise<SegmentResponse> {
    return this.db.transaction(async () =>
      toSegmentResponse(await this.require(organizationId, ledgerId, id)),
    );
  }

  list(
    organizationId: string,
    ledgerId: string,
    query: ListSegmentsQueryDto,
    metadata: MetadataCondition[] = [],
  ): Promise<Page<SegmentResponse>> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      const items = await this.segments.list(organizationId, ledgerId, query, metadata);
      return { items: items.map(toSegmentResponse), page: query.page, limit: query.limit };
    });
  }

  count(organizationId: string, ledgerId: string): Promise<number> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      return this.segments.count(organizationId, ledgerId);
    });
  }

  async update(
    organizationId: string,
    ledgerId: string,
    id: string,
    dto: UpdateSegmentDto,
  ): Promise<SegmentResponse> {
    const patchMetadata = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    const name = dto.name ?? '';
    return withUniqueViolations(
      () =>
        this.db.transaction(async () => {
          const segment = await this.require(organizationId, ledgerId, id, { lock: true });
          if (dto.name !== undefined && dto.name.toLowerCase() !== segment.name.toLowerCase()) {
            if (await this.segments.findByName(organizationId, ledgerId, dto.name)) {
              throw duplicateSegment(dto.name, ledgerId);
            }
          }
          if (dto.name !== undefined) segment.name = dto.name;
          if (dto.status) {
            segment.status = dto.status.code;
            segment.statusDescription = dto.status.description ?? null;
          }
          segment.metadata = mergeMetadata(segment.metadata, patchMetadata);
          segment.updatedAt = new Date();
          await this.segments.save(segment);
          return toSegmentResponse(segment);
        }),
      { segment_name_per_ledger_uq: () => duplicateSegment(name, ledgerId) },
    );
  }

  async remove(organizationId: string, ledgerId: string, id: string): Promise<void> {
    await this.db.transaction(async () => {
      const segment = await this.require(organizationId, ledgerId, id, { lock: true });
      segment.deletedAt = new Date();
      await this.segments.save(segment);
    });
  }

  /** The live segment of a live ledger, or 404 0007 naming what is missing. */
  async require(
    organizationId: string,
    ledgerId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<SegmentEntity> {
    await this.ledgers.require(organizationId, ledgerId);
    const segment = await this.segments.findById(organizationId, ledgerId, id, options);
    if (!segment) throw entityNotFound('Segment', id);
    return segment;
  }
}
