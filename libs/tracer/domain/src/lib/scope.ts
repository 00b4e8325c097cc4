import { DomainError } from '@finplat/platform';
import { TracerErrors } from './tracer.errors';

export const TRANSACTION_TYPES = ['CARD', 'WIRE', 'PIX', 'CRYPTO'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/**
 * Where a rule or a limit applies. Every field present must equal the transaction's value
 * (AND inside a scope); a list of scopes is ORed; an empty list is global. Stored normalized:
 * ids and `subType` lower-cased, absent fields omitted.
 */
export interface Scope {
  segmentId?: string;
  portfolioId?: string;
  accountId?: string;
  merchantId?: string;
  transactionType?: TransactionType;
  subType?: string;
}

export const SCOPE_FIELDS = [
  'segmentId',
  'portfolioId',
  'accountId',
  'merchantId',
  'transactionType',
  'subType',
] as const satisfies readonly (keyof Scope)[];

/** The scope-relevant facts of one transaction, normalized like stored scopes. */
export type TransactionFacts = Scope;

/**
 * Scopes as stored: fields left unset (or null) dropped, ids and subType lower-cased so that
 * matching is case-insensitive. A scope with no field at all is 400 TRC-0111.
 */
export function normalizeScopes(
  scopes: readonly Partial<Record<keyof Scope, string | null>>[] | undefined,
): Scope[] {
  return (scopes ?? []).map((scope, index) => {
    const normalized: Scope = {};
    for (const field of SCOPE_FIELDS) {
      const value = scope[field];
      if (value === undefined || value === null) continue;
      (normalized as Record<string, string>)[field] =
        field === 'transactionType' ? value : value.toLowerCase();
    }
    if (Object.keys(normalized).length === 0) {
      throw new DomainError(
        TracerErrors.INVALID_SCOPE,
        `scopes[${index}] is empty; a scope needs at least one of ${SCOPE_FIELDS.join(', ')}.`,
        { fields: { [`scopes.${index}`]: 'must set at least one field' } },
      );
    }
    return normalized;
  });
}

/** True when every field the scope sets equals the transaction's (AND inside a scope). */
export function scopeMatches(scope: Scope, facts: TransactionFacts): boolean {
  for (const field of SCOPE_FIELDS) {
    const wanted = scope[field];
    if (wanted !== undefined && facts[field] !== wanted) return false;
  }
  return true;
}

/** Scopes ORed; no scope at all means global. */
export function anyScopeMatches(scopes: readonly Scope[], facts: TransactionFacts): boolean {
  return scopes.length === 0 || scopes.some((scope) => scopeMatches(scope, facts));
}
