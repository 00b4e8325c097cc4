import { OUTBOX_MIGRATIONS } from '@finplat/messaging';
import { AccountTypeEntity } from './lib/account-types/account-type.entity';
import { AccountEntity } from './lib/accounts/account.entity';
import { AssetRateEntity } from './lib/asset-rates/asset-rate.entity';
import { AssetEntity } from './lib/assets/asset.entity';
import { BalanceEntity } from './lib/balances/balance.entity';
import { LedgerEntity } from './lib/ledgers/ledger.entity';
import { OperationEntity } from './lib/operations/operation.entity';
import { OrganizationEntity } from './lib/organizations/organization.entity';
import { PortfolioEntity } from './lib/portfolios/portfolio.entity';
import { SegmentEntity } from './lib/segments/segment.entity';
import { TransactionEntity } from './lib/transactions/transaction.entity';
import { CreateOnboarding1764320000000 } from './lib/migrations/1764320000000-create-onboarding';
import { CreateLedgerResources1764400000000 } from './lib/migrations/1764400000000-create-ledger-resources';
import { CreateBalance1764400100000 } from './lib/migrations/1764400100000-create-balance';
import { CreateTransactions1764500000000 } from './lib/migrations/1764500000000-create-transactions';
import { CreateOutbox1764600000000 } from './lib/migrations/1764600000000-create-outbox';
import { DropOperationTransactionFk1764700000000 } from './lib/migrations/1764700000000-drop-operation-transaction-fk';
import { TransactionSkips1765055000000 } from './lib/migrations/1765055000000-transaction-skips';
import { BalanceOverdraft1765056000000 } from './lib/migrations/1765056000000-balance-overdraft';
import { CreateRoutes1765057000000 } from './lib/migrations/1765057000000-create-routes';
import { OperationRouteEntity } from './lib/routes/operation-route.entity';
import { TransactionRouteEntity } from './lib/routes/transaction-route.entity';
import { CreateCrm1766100000000 } from './lib/migrations/1766100000000-create-crm';
import { AccountHolderCheckSkipped1766200000000 } from './lib/migrations/1766200000000-account-holder-check-skipped';
import { HolderEntity } from './lib/crm/holder.entity';
import { InstrumentEntity } from './lib/crm/instrument.entity';
import { ProtectionAuditEntity } from './lib/crm/protection-audit.entity';
import { CreateFees1766300000000 } from './lib/migrations/1766300000000-create-fees';
import { FeePackageEntity } from './lib/fees/fee-package.entity';
import { BillingPackageEntity } from './lib/fees/billing-package.entity';

export * from './lib/common/onboarding.entity';
export * from './lib/common/ledger-scoped.entity';
export * from './lib/common/ledger-scoped.repository';
export * from './lib/common/list-queries';
export * from './lib/common/sql-like';
export * from './lib/common/unique-violation';
export * from './lib/organizations/organization.entity';
export * from './lib/organizations/organization.repository';
export * from './lib/ledgers/ledger.entity';
export * from './lib/ledgers/ledger.repository';
export * from './lib/assets/asset.entity';
export * from './lib/assets/asset.repository';
export * from './lib/portfolios/portfolio.entity';
export * from './lib/portfolios/portfolio.repository';
export * from './lib/segments/segment.entity';
export * from './lib/segments/segment.repository';
export * from './lib/accounts/account.entity';
export * from './lib/accounts/account.repository';
export * from './lib/account-types/account-type.entity';
export * from './lib/account-types/account-type.repository';
export * from './lib/balances/balance.entity';
export * from './lib/balances/balance.repository';
export * from './lib/asset-rates/asset-rate.entity';
export * from './lib/asset-rates/asset-rate.repository';
export * from './lib/transactions/transaction.entity';
export * from './lib/operations/operation.entity';
export * from './lib/routes/operation-route.entity';
export * from './lib/routes/transaction-route.entity';
export * from './lib/onboarding-data.module';
export * from './lib/crm/crm-page';
export * from './lib/crm/holder.entity';
export * from './lib/crm/holder.repository';
export * from './lib/crm/instrument.entity';
export * from './lib/crm/instrument.repository';
export * from './lib/crm/data-key.repository';
export * from './lib/crm/protection-audit.entity';
export * from './lib/crm/protection-audit.repository';
export * from './lib/crm/crm-data.module';
export * from './lib/idempotency/idempotency.store';
export * from './lib/fees/fee-package.entity';
export * from './lib/fees/billing-package.entity';

/** The ledger's TypeORM entities, registered on every tenant pool. */
export const LEDGER_ENTITIES = [
  OrganizationEntity,
  LedgerEntity,
  AssetEntity,
  PortfolioEntity,
  SegmentEntity,
  AccountEntity,
  AccountTypeEntity,
  BalanceEntity,
  AssetRateEntity,
  TransactionEntity,
  OperationEntity,
  OperationRouteEntity,
  TransactionRouteEntity,
  HolderEntity,
  InstrumentEntity,
  ProtectionAuditEntity,
  FeePackageEntity,
  BillingPackageEntity,
];

/**
 * The ledger's schema, in order, with the outbox of the shared messaging lib (the ledger
 * publishes through OutboxModule, decision 0016). Applied to each tenant's database or schema
 * on first use.
 */
export const LEDGER_MIGRATIONS = [
  CreateOnboarding1764320000000,
  CreateLedgerResources1764400000000,
  CreateBalance1764400100000,
  CreateTransactions1764500000000,
  CreateOutbox1764600000000,
  DropOperationTransactionFk1764700000000,
  ...OUTBOX_MIGRATIONS,
  TransactionSkips1765055000000,
  BalanceOverdraft1765056000000,
  CreateRoutes1765057000000,
  CreateCrm1766100000000,
  AccountHolderCheckSkipped1766200000000,
  CreateFees1766300000000,
];
export * from './lib/metadata-indexes/metadata-index.repository';
