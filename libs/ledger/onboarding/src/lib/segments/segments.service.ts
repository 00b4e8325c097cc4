import { Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { SegmentEntity, SegmentRepository, withUniqueViolations } from '@finplat/ledger-database';
import { LedgerErrors, mergeMetadata, validateMetadata } from '@finplat/ledger-domain';
import { LedgerScopedService } from '../common/ledger-scoped.service';
import { LedgersService } from '../ledgers/ledgers.service';
import type { CreateSegmentDto } from './dto/create-segment.dto';
import type { ListSegmentsQueryDto } from './dto/list-segments-query.dto';
import { toSegmentResponse, type SegmentResponse } from './dto/segment.response';
import type { UpdateSegmentDto } from './dto/update-segment.dto';

const duplicateSegment = (name: string, ledgerId: string) =>
  new DomainError(
    LedgerErrors.DUPLICATE_SEGMENT_NAME,
    `A segment named ${name} already exists in ledger ${ledgerId}.`,
    { entityType: 'Segment', fields: { name: 'already in use' } },
  );

@Injectable()
export class SegmentsService extends LedgerScopedService<
  SegmentEntity,
  SegmentResponse,
  ListSegmentsQueryDto
> {
  protected readonly entityType = 'Segment';

  constructor(
    ledgers: LedgersService,
    private readonly segments: SegmentRepository,
    db: TenantDb,
  ) {
    super(ledgers, segments, db);
  }

  protected toResponse(row: SegmentEntity): SegmentResponse {
    return toSegmentResponse(row);
  }

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
}
