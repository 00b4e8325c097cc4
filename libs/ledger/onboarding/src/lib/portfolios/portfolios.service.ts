import { Injectable } from '@nestjs/common';
import { newId } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { PortfolioEntity, PortfolioRepository } from '@finplat/ledger-database';
import { mergeMetadata, validateMetadata } from '@finplat/ledger-domain';
import { LedgerScopedService } from '../common/ledger-scoped.service';
import { LedgersService } from '../ledgers/ledgers.service';
import type { CreatePortfolioDto } from './dto/create-portfolio.dto';
import type { ListPortfoliosQueryDto } from './dto/list-portfolios-query.dto';
import { toPortfolioResponse, type PortfolioResponse } from './dto/portfolio.response';
import type { UpdatePortfolioDto } from './dto/update-portfolio.dto';

@Injectable()
export class PortfoliosService extends LedgerScopedService<
  PortfolioEntity,
  PortfolioResponse,
  ListPortfoliosQueryDto
> {
  protected readonly entityType = 'Portfolio';

  constructor(
    ledgers: LedgersService,
    private readonly portfolios: PortfolioRepository,
    db: TenantDb,
  ) {
    super(ledgers, portfolios, db);
  }

  protected toResponse(row: PortfolioEntity): PortfolioResponse {
    return toPortfolioResponse(row);
  }

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
}
