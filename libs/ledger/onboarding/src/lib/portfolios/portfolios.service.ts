import { Injectable } from '@nestjs/common';
import { newId, type Page } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { mergeMetadata, validateMetadata } from '../common/metadata';
import type { MetadataCondition } from '../common/metadata-filter';
import { entityNotFound } from '../common/not-found';
import { LedgersService } from '../ledgers/ledgers.service';
import type { CreatePortfolioDto } from './dto/create-portfolio.dto';
import type { ListPortfoliosQueryDto } from './dto/list-portfolios-query.dto';
import { toPortfolioResponse, type PortfolioResponse } from './dto/portfolio.response';
import type { UpdatePortfolioDto } from './dto/update-portfolio.dto';
import { PortfolioEntity } from './portfolio.entity';
import { PortfolioRepository } from './portfolio.repository';

@Injectable()
export class PortfoliosService {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly portfolios: PortfolioRepository,
    private readonly db: TenantDb,
  ) {}

  async create(
    organizationId: string,
    ledgerId: string,
    dto: CreatePortfolioDto,
  ): Promise<PortfolioResponse> {
    const metadata = validateMetadata(dto.metadata);
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      const now = new Date();
      const portfolio = Object.assign(new PortfolioEntity(), {
        id: newId(),
        organizationId,
        ledgerId,
        name: dto.name,
        entityId: dto.entityId ?? null,
        status: dto.status?.code ?? 'ACTIVE',
        statusDescription: dto.status?.description ?? null,
        metadata,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      await this.portfolios.insert(portfolio);
      return toPortfolioResponse(portfolio);
    });
  }

  get(organizationId: string, ledgerId: string, id: string): Promise<PortfolioResponse> {
    return this.db.transaction(async () =>
      toPortfolioResponse(await this.require(organizationId, ledgerId, id)),
    );
  }

  list(
    organizationId: string,
    ledgerId: string,
    query: ListPortfoliosQueryDto,
    metadata: MetadataCondition[] = [],
  ): Promise<Page<PortfolioResponse>> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      const items = await this.portfolios.list(organizationId, ledgerId, query, metadata);
      return { items: items.map(toPortfolioResponse), page: query.page, limit: query.limit };
    });
  }

  count(organizationId: string, ledgerId: string): Promise<number> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      return this.portfolios.count(organizationId, ledgerId);
    });
  }

  async update(
    organizationId: string,
    ledgerId: string,
    id: string,
    dto: UpdatePortfolioDto,
  ): Promise<PortfolioResponse> {
    const patchMetadata = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    return this.db.transaction(async () => {
      const portfolio = await this.require(organizationId, ledgerId, id, { lock: true });
      if (dto.name !== undefined) portfolio.name = dto.name;
      if (dto.entityId !== undefined) portfolio.entityId = dto.entityId;
      if (dto.status) {
        portfolio.status = dto.status.code;
        portfolio.statusDescription = dto.status.description ?? null;
      }
      portfolio.metadata = mergeMetadata(portfolio.metadata, patchMetadata);
      portfolio.updatedAt = new Date();
      await this.portfolios.save(portfolio);
      return toPortfolioResponse(portfolio);
    });
  }

  async remove(organizationId: string, ledgerId: string, id: string): Promise<void> {
    await this.db.transaction(async () => {
      const portfolio = await this.require(organizationId, ledgerId, id, { lock: true });
      portfolio.deletedAt = new Date();
      await this.portfolios.save(portfolio);
    });
  }

  /** The live portfolio of a live ledger, or 404 0007 naming what is missing. */
  async require(
    organizationId: string,
    ledgerId: string,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<PortfolioEntity> {
    await this.ledgers.require(organizationId, ledgerId);
    const portfolio = await this.portfolios.findById(organizationId, ledgerId, id, options);
    if (!portfolio) throw entityNotFound('Portfolio', id);
    return portfolio;
  }
}
