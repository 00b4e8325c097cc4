import { Injectable } from '@nestjs/common';
import { DomainError, PlatformErrors } from '@finplat/platform';
import { TenantDb } from '@finplat/tenancy';
import { AssetRateRepository, withUniqueViolations } from '@finplat/ledger-database';
import { LedgerErrors, validateMetadata, type CursorPage } from '@finplat/ledger-domain';
import { validateCodeCharacters } from '../assets/asset-rules';
import { LedgersService } from '../ledgers/ledgers.service';
import { parseRate } from './asset-rate-rules';
import { toAssetRateResponse, type AssetRateResponse } from './dto/asset-rate.response';
import type { ListAssetRatesQueryDto } from './dto/list-asset-rates-query.dto';
import type { PutAssetRateDto } from './dto/put-asset-rate.dto';

const ENTITY = 'AssetRate';

/** `to=BRL,EUR` and `to=BRL&to=EUR` alike: the distinct, non-empty codes. */
export function targetCodesOf(to: string | string[] | undefined): string[] {
  const values = to === undefined ? [] : Array.isArray(to) ? to : [to];
  const codes = values.flatMap((value) => value.split(',')).map((code) => code.trim());
  return [...new Set(codes.filter((code) => code.length > 0))];
}

@Injectable()
export class AssetRatesService {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly rates: AssetRateRepository,
    private readonly db: TenantDb,
  ) {}

  /**
   * Creates the rate of (from, to) or replaces it, as Midaz's PUT does: rate, scale (default 0),
   * source and ttl (default 0) are set from the body; externalId is kept unless sent (generated
   * on create); metadata sent is merged (null removes a key), metadata absent becomes `{}`.
   * Neither code has to be an asset of the ledger (Midaz checks only their format).
   */
  async put(
    organizationId: string,
    ledgerId: string,
    dto: PutAssetRateDto,
  ): Promise<AssetRateResponse> {
    validateCodeCharacters(dto.from, 'from', ENTITY);
    validateCodeCharacters(dto.to, 'to', ENTITY);
    const rate = parseRate(dto.rate);
    const metadata = dto.metadata === undefined ? undefined : validateMetadata(dto.metadata);
    const externalId = dto.externalId?.toLowerCase();
    return withUniqueViolations(
      () =>
        this.db.transaction(async () => {
          await this.ledgers.require(organizationId, ledgerId);
          const saved = await this.rates.upsert({
            organizationId,
            ledgerId,
            from: dto.from,
            to: dto.to,
            rate,
            scale: dto.scale ?? 0,
            source: dto.source ?? null,
            ttl: dto.ttl ?? 0,
            externalId,
            metadata,
          });
          return toAssetRateResponse(saved);
        }),
      {
        asset_rate_external_id_uq: () =>
          new DomainError(
            LedgerErrors.ACTION_NOT_PERMITTED,
            `The externalId ${externalId} already identifies another asset rate of this ledger.`,
            { entityType: ENTITY, fields: { externalId: 'already used by another pair' } },
          ),
      },
    );
  }

  get(organizationId: string, ledgerId: string, externalId: string): Promise<AssetRateResponse> {
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      const rate = await this.rates.findByExternalId(organizationId, ledgerId, externalId);
      if (!rate) {
        throw new DomainError(
          PlatformErrors.ENTITY_NOT_FOUND,
          `No asset rate with external id ${externalId} was found.`,
          { entityType: ENTITY },
        );
      }
      return toAssetRateResponse(rate);
    });
  }

  listFrom(
    organizationId: string,
    ledgerId: string,
    assetCode: string,
    query: ListAssetRatesQueryDto,
  ): Promise<CursorPage<AssetRateResponse>> {
    const to = targetCodesOf(query.to);
    return this.db.transaction(async () => {
      await this.ledgers.require(organizationId, ledgerId);
      const page = await this.rates.listFrom(organizationId, ledgerId, assetCode, to, query);
      return { ...page, items: page.items.map(toAssetRateResponse) };
    });
  }
}
