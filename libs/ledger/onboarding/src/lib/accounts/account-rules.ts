import { DomainError, newId, PlatformErrors } from '@finplat/platform';
import { AccountEntity } from '@finplat/ledger-database';
import { LedgerErrors, type Metadata } from '@finplat/ledger-domain';

export const ALIAS_MAX_LENGTH = 100;
/** Characters an alias may use (Midaz's rule). */
export const ALIAS_PATTERN = /^[a-zA-Z0-9@:_-]+$/;
/** Prefix reserved for the accounts the ledger opens with each asset. */
export const EXTERNAL_ALIAS_PREFIX = '@external/';
export const EXTERNAL_ACCOUNT_TYPE = 'external';

export const externalAliasOf = (assetCode: string): string =>
  `${EXTERNAL_ALIAS_PREFIX}${assetCode}`;

/** An account the ledger manages for an asset; users can read it but never change it. */
export function isExternalAccount(account: Pick<AccountEntity, 'type' | 'alias'>): boolean {
  return account.type === EXTERNAL_ACCOUNT_TYPE || account.alias.startsWith(EXTERNAL_ALIAS_PREFIX);
}

/**
 * A user-chosen alias: the reserved `@external/` prefix is refused first (400, field `alias`),
 * then anything outside `^[a-zA-Z0-9@:_-]+$` (0096).
 */
export function validateAlias(alias: string): void {
  if (alias.includes(EXTERNAL_ALIAS_PREFIX)) {
    throw new DomainError(
      PlatformErrors.BAD_REQUEST,
      `The alias ${alias} may not contain ${EXTERNAL_ALIAS_PREFIX}; that prefix is reserved for external accounts.`,
      { entityType: 'Account', fields: { alias: `must not contain ${EXTERNAL_ALIAS_PREFIX}` } },
    );
  }
  if (!ALIAS_PATTERN.test(alias)) {
    throw new DomainError(
      LedgerErrors.INVALID_ACCOUNT_ALIAS,
      `The alias ${alias} contains invalid characters; use letters, digits and @ : _ - only.`,
      { entityType: 'Account', fields: { alias: 'allowed characters: a-z A-Z 0-9 @ : _ -' } },
    );
  }
}

/** 0074: the request tried to create, change or delete an external account. */
export const externalAccountManipulation = (what: string) =>
  new DomainError(
    LedgerErrors.EXTERNAL_ACCOUNT_MODIFICATION,
    `Accounts of type external are managed by the ledger; they cannot be ${what}.`,
    { entityType: 'Account' },
  );

export interface NewAccount {
  organizationId: string;
  ledgerId: string;
  assetCode: string;
  type: string;
  alias?: string | null;
  name?: string | null;
  parentAccountId?: string | null;
  portfolioId?: string | null;
  segmentId?: string | null;
  entityId?: string | null;
  /** Null (the default) names the organization's self-holder. */
  holderId?: string | null;
  holderCheckSkipped?: boolean;
  blocked?: boolean;
  status?: { code: string; description?: string | null };
  metadata?: Metadata;
}

/**
 * A new account row with Midaz's defaults: the alias is the account's own id when none is
 * given, and the name is "<asset> <type> account".
 */
export function newAccount(fields: NewAccount): AccountEntity {
  const id = newId();
  const now = new Date();
  return Object.assign(new AccountEntity(), {
    id,
    organizationId: fields.organizationId,
    ledgerId: fields.ledgerId,
    name: fields.name || `${fields.assetCode} ${fields.type} account`,
    alias: fields.alias ?? id,
    type: fields.type,
    assetCode: fields.assetCode,
    parentAccountId: fields.parentAccountId ?? null,
    portfolioId: fields.portfolioId ?? null,
    segmentId: fields.segmentId ?? null,
    entityId: fields.entityId ?? null,
    holderId: fields.holderId ?? null,
    holderCheckSkipped: fields.holderCheckSkipped ?? false,
    blocked: fields.blocked ?? false,
    status: fields.status?.code ?? 'ACTIVE',
    statusDescription: fields.status?.description ?? null,
    metadata: fields.metadata ?? {},
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  });
}

/** The external account opened with an asset: alias `@external/<CODE>`, type `external`. */
export function newExternalAccount(
  organizationId: string,
  ledgerId: string,
  assetCode: string,
): AccountEntity {
  return newAccount({
    organizationId,
    ledgerId,
    assetCode,
    type: EXTERNAL_ACCOUNT_TYPE,
    alias: externalAliasOf(assetCode),
    name: `External ${assetCode}`,
    status: { code: 'ACTIVE', description: `External account of asset ${assetCode}` },
  });
}
