import { Injectable } from '@nestjs/common';
import { AccountRepository } from '@finplat/ledger-database';
import { entityNotFound, validateMetadata } from '@finplat/ledger-domain';
import { AccountsService } from '@finplat/ledger-onboarding';
import { TenantDb } from '@finplat/tenancy';
import { HoldersService } from '../holders/holders.service';
import { InstrumentsService } from '../instruments/instruments.service';
import type { HolderAccountResponse, OpenHolderAccountDto } from './dto/open-holder-account.dto';

/**
 * Opens an account owned by a holder and, when asked, its instrument, in one database
 * transaction: a failure anywhere (a taken alias, a bad instrument) leaves neither behind.
 */
@Injectable()
export class OpenHolderAccountUseCase {
  constructor(
    private readonly holders: HoldersService,
    private readonly accounts: AccountsService,
    private readonly accountRows: AccountRepository,
    private readonly instruments: InstrumentsService,
    private readonly db: TenantDb,
  ) {}

  async execute(
    organizationId: string,
    ledgerId: string,
    holderId: string,
    dto: OpenHolderAccountDto,
  ): Promise<HolderAccountResponse> {
    const instrumentMetadata = dto.instrument ? validateMetadata(dto.instrument.metadata) : {};
    return this.db.transaction(async () => {
      const holder = await this.holders.requireRow(organizationId, holderId, { lock: true });
      const account = await this.accounts.create(organizationId, ledgerId, {
        ...dto.account,
        holderId,
      });
      if (!dto.instrument) return { account, instrument: null };
      const row = await this.accountRows.findById(organizationId, ledgerId, account.id, {
        lock: true,
      });
      if (!row) throw entityNotFound('Account', account.id);
      const instrument = await this.instruments.attach(
        holder,
        row,
        dto.instrument,
        instrumentMetadata,
      );
      return { account, instrument };
    });
  }
}
