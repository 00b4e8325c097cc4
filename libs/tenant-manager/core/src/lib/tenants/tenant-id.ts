import { randomInt } from 'node:crypto';
import { TENANT_ID_PATTERN } from '@finplat/contracts';
import { invalidTenantId, reservedTenantId } from '../tenant-manager.errors';

/**
 * Ids that match the pattern but would name shared objects: `<service>_tenants` is the shared
 * SCHEMA-mode database, `<service>_gateway` its pool's login, and `public` a schema every
 * database already has.
 */
export const RESERVED_TENANT_IDS: readonly string[] = ['tenants', 'gateway', 'public'];

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const GENERATED_LENGTH = 12;

/** `t-` and 12 random lowercase letters or digits (about 62 bits). */
export function generateTenantId(): string {
  let suffix = '';
  for (let i = 0; i < GENERATED_LENGTH; i += 1) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `t-${suffix}`;
}

export function isValidTenantId(id: unknown): id is string {
  return typeof id === 'string' && TENANT_ID_PATTERN.test(id);
}

/**
 * The one gate for tenant ids that reach provisioning: the id becomes part of database,
 * schema, role and vhost names, so anything outside the pattern is refused here (400), and
 * `quoteIdent` is only the second fence.
 */
export function assertNewTenantId(id: unknown): string {
  if (!isValidTenantId(id)) throw invalidTenantId(id);
  if (RESERVED_TENANT_IDS.includes(id)) throw reservedTenantId(id);
  return id;
}
