import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import { LedgerRepository } from '@finplat/ledger-database';
import {
  applyLedgerSettingsPatch,
  ledgerSettingsOf,
  parseLedgerSettingsPatch,
  type LedgerSettings,
} from '@finplat/ledger-domain';
import { LedgersService } from '../ledgers/ledgers.service';

/** A ledger's settings: read with defaults filled in, patched field by field. */
@Injectable()
export class SettingsService {
  constructor(
    private readonly ledgers: LedgersService,
    private readonly repository: LedgerRepository,
    private readonly db: TenantDb,
  ) {}

  async get(organizationId: string, ledgerId: string): Promise<LedgerSettings> {
    return ledgerSettingsOf((await this.ledgers.require(organizationId, ledgerId)).settings);
  }

  /** Validates the whole body before anything is written: a bad field changes nothing. */
  update(organizationId: string, ledgerId: string, body: unknown): Promise<LedgerSettings> {
    const patch = parseLedgerSettingsPatch(body);
    return this.db.transaction(async () => {
      const ledger = await this.ledgers.require(organizationId, ledgerId, { lock: true });
      const settings = applyLedgerSettingsPatch(ledgerSettingsOf(ledger.settings), patch);
      ledger.settings = settings as unknown as typeof ledger.settings;
      ledger.updatedAt = new Date();
      await this.repository.save(ledger);
      return settings;
    });
  }
}
