import { Inject, Injectable } from '@nestjs/common';
import { DomainError, newId } from '@finplat/platform';
import {
  DataKeyRepository,
  ProtectionAuditRepository,
  type WrappedDataKey,
} from '@finplat/ledger-database';
import { CrmErrors } from '@finplat/ledger-domain';
import { TenantContext, TenantDb } from '@finplat/tenancy';
import type { CrmOptions } from '../crm.config';
import { CRM_OPTIONS } from '../crm.tokens';
import { kekIdOf, newDataKey, unwrapKey, UnsealError, wrapKey } from './field-cipher';
import { OrganizationProtector } from './organization-protector';

/** Unwrapped data keys of one organization, by version; the newest enabled one seals. */
export interface OrganizationKeys {
  primary: number;
  aead: ReadonlyMap<number, Buffer>;
  token: ReadonlyMap<number, Buffer>;
}

/** Who asked, for the protection audit. */
export interface AuditSource {
  actor: string;
  requestId: string;
}

export type ProvisionOutcome = 'success' | 'already_exists';

/** Most organizations whose unwrapped keys one process keeps in memory. */
const MAX_CACHED_ORGANIZATIONS = 10_000;

/**
 * The per-organization data keys (one AES-256-GCM key for values, one HMAC key for search
 * tokens, per version), stored wrapped by the configured KEK in the tenant's own database and
 * kept unwrapped in memory. Reads accept every enabled version, so rotating adds a version
 * without re-encrypting or re-indexing anything (decision 0050).
 */
@Injectable()
export class KeyRing {
  private readonly cache = new Map<string, Promise<OrganizationKeys | undefined>>();
  private readonly keks: Map<string, Buffer>;

  constructor(
    @Inject(CRM_OPTIONS) private readonly options: CrmOptions,
    private readonly keys: DataKeyRepository,
    private readonly audit: ProtectionAuditRepository,
    private readonly db: TenantDb,
  ) {
    this.keks = new Map(
      [options.kek, ...options.retiredKeks]
        .filter((kek): kek is Buffer => kek !== undefined)
        .map((kek) => [kekIdOf(kek), kek]),
    );
  }

  /** Whether a KEK is configured at all; without one, no PII can be read or written. */
  get configured(): boolean {
    return this.options.kek !== undefined;
  }

  /** Throws 503 CRM-0031 unless a KEK is configured. */
  requireConfigured(): Buffer {
    if (!this.options.kek) {
      throw new DomainError(
        CrmErrors.ENCRYPTION_NOT_CONFIGURED,
        'CRM field encryption has no key-encryption key: set LEDGER_CRM_KEK to store or read holder and instrument data.',
      );
    }
    return this.options.kek;
  }

  /**
   * A protector for the organization's fields. With `provision`, an organization without keys
   * gets its first version (writes need one); without, it has none and reads fail closed.
   */
  async protector(
    organizationId: string,
    options: { provision?: boolean } = {},
  ): Promise<OrganizationProtector> {
    this.requireConfigured();
    const tenantId = TenantContext.current().tenantId;
    let keys = await this.load(organizationId);
    if (!keys && options.provision) {
      await this.provision(organizationId, { actor: 'system', requestId: '' });
      keys = await this.load(organizationId);
    }
    return new OrganizationProtector(
      tenantId,
      organizationId,
      keys ?? { primary: 0, aead: new Map(), token: new Map() },
    );
  }

  /**
   * Runs a read through the protector; a value sealed under a version this process has not
   * loaded (another instance rotated) reloads the keys once, then fails closed.
   */
  async reading<T>(organizationId: string, read: (p: OrganizationProtector) => T): Promise<T> {
    try {
      return asDomainError(read, await this.protector(organizationId));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== CrmErrors.DATA_KEY_UNAVAILABLE.code) {
        throw error;
      }
      this.cache.delete(this.cacheKey(organizationId));
      return asDomainError(read, await this.protector(organizationId));
    }
  }

  /** The provisioning state of the organization: its newest key version, if any. */
  async status(organizationId: string): Promise<{ provisioned: boolean; primary?: number }> {
    const versions = (await this.keys.list(organizationId)).filter((key) => key.enabled);
    return versions.length === 0
      ? { provisioned: false }
      : { provisioned: true, primary: versions[versions.length - 1].version };
  }

  /**
   * Gives the organization its first key version, or with `rotate` one more (the new primary;
   * older versions stay readable). Keys wrapped by a retired KEK are re-wrapped by the current
   * one on the way. Every call leaves one audit event.
   */
  async provision(
    organizationId: string,
    source: AuditSource,
    options: { rotate?: boolean } = {},
  ): Promise<{ outcome: ProvisionOutcome; primary: number; rewrapped: number }> {
    const kek = this.requireConfigured();
    const tenantId = TenantContext.current().tenantId;
    const result = await this.db.transaction(async () => {
      await this.keys.lock(organizationId);
      const existing = await this.keys.list(organizationId);
      const rewrapped = await this.rewrapRetired(tenantId, kek, existing);
      const newest = existing[existing.length - 1]?.version ?? 0;
      if (newest > 0 && !options.rotate) {
        return { outcome: 'already_exists' as const, primary: newest, rewrapped, from: 'active' };
      }
      const version = newest + 1;
      await this.keys.insert({
        organizationId,
        version,
        aeadKey: wrapKey(kek, newDataKey(), bindingOf(tenantId, organizationId, version, 'aead')),
        tokenKey: wrapKey(kek, newDataKey(), bindingOf(tenantId, organizationId, version, 'token')),
        kekId: kekIdOf(kek),
      });
      return {
        outcome: 'success' as const,
        primary: version,
        rewrapped,
        from: newest > 0 ? 'active' : 'unprovisioned',
      };
    });
    this.cache.delete(this.cacheKey(organizationId));
    const action = options.rotate ? 'rotate' : 'provision';
    await this.audit.record({
      id: newId(),
      organizationId,
      action,
      actor: source.actor,
      outcome: result.outcome,
      reason:
        (result.outcome === 'already_exists'
          ? `keys v${result.primary} already provisioned`
          : `data keys v${result.primary} created`) +
        (result.rewrapped > 0 ? `; ${result.rewrapped} re-wrapped by the current KEK` : ''),
      fromStatus: result.from,
      toStatus: 'active',
      requestId: source.requestId,
      createdAt: new Date(),
    });
    return { outcome: result.outcome, primary: result.primary, rewrapped: result.rewrapped };
  }

  /** The organization's unwrapped keys (cached), or undefined when it has none. */
  async load(organizationId: string): Promise<OrganizationKeys | undefined> {
    const key = this.cacheKey(organizationId);
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.unwrapAll(organizationId);
      // A failed load is not remembered; the next call tries again.
      pending.catch(() => this.cache.delete(key));
      if (this.cache.size >= MAX_CACHED_ORGANIZATIONS) {
        this.cache.delete(this.cache.keys().next().value as string);
      }
      this.cache.set(key, pending);
    }
    return pending;
  }

  private async unwrapAll(organizationId: string): Promise<OrganizationKeys | undefined> {
    const tenantId = TenantContext.current().tenantId;
    const enabled = (await this.keys.list(organizationId)).filter((key) => key.enabled);
    if (enabled.length === 0) return undefined;
    const aead = new Map<number, Buffer>();
    const token = new Map<number, Buffer>();
    const unreadable: number[] = [];
    for (const wrapped of enabled) {
      const kek = this.keks.get(wrapped.kekId);
      try {
        // Fail closed: a version whose KEK is not configured, or that was wrapped for another
        // tenant or organization (copied rows), is left out, so its values cannot be read.
        if (!kek) throw new UnsealError('unknown-version', `KEK ${wrapped.kekId} not configured`);
        const { version } = wrapped;
        const aeadKey = unwrapKey(
          kek,
          wrapped.aeadKey,
          bindingOf(tenantId, organizationId, version, 'aead'),
        );
        const tokenKey = unwrapKey(
          kek,
          wrapped.tokenKey,
          bindingOf(tenantId, organizationId, version, 'token'),
        );
        aead.set(version, aeadKey);
        token.set(version, tokenKey);
      } catch (error) {
        if (!(error instanceof UnsealError)) throw error;
        unreadable.push(wrapped.version);
      }
    }
    if (unreadable.length > 0) {
      await this.audit.record({
        id: newId(),
        organizationId,
        action: 'unwrap',
        actor: 'system',
        outcome: 'failure',
        reason: `data keys ${unreadable.map((v) => `v${v}`).join(', ')} could not be unwrapped with the configured KEKs`,
        fromStatus: 'active',
        toStatus: aead.size > 0 ? 'active' : 'unavailable',
        requestId: '',
        createdAt: new Date(),
      });
    }
    const primary = Math.max(0, ...aead.keys());
    return { primary, aead, token };
  }

  /** Re-wraps every version wrapped by a retired KEK with the current one; returns how many. */
  private async rewrapRetired(
    tenantId: string,
    kek: Buffer,
    existing: WrappedDataKey[],
  ): Promise<number> {
    const currentId = kekIdOf(kek);
    let count = 0;
    for (const wrapped of existing) {
      if (wrapped.kekId === currentId) continue;
      const retired = this.keks.get(wrapped.kekId);
      if (!retired) continue;
      const { organizationId, version } = wrapped;
      const aead = unwrapKey(
        retired,
        wrapped.aeadKey,
        bindingOf(tenantId, organizationId, version, 'aead'),
      );
      const token = unwrapKey(
        retired,
        wrapped.tokenKey,
        bindingOf(tenantId, organizationId, version, 'token'),
      );
      await this.keys.rewrap({
        organizationId,
        version,
        aeadKey: wrapKey(kek, aead, bindingOf(tenantId, organizationId, version, 'aead')),
        tokenKey: wrapKey(kek, token, bindingOf(tenantId, organizationId, version, 'token')),
        kekId: currentId,
      });
      count += 1;
    }
    return count;
  }

  private cacheKey(organizationId: string): string {
    return `${TenantContext.current().tenantId}|${organizationId}`;
  }
}

/** What a wrapped key is bound to: its tenant, organization, version and purpose. */
const bindingOf = (tenantId: string, organizationId: string, version: number, purpose: string) =>
  `tenant:${tenantId}:org:${organizationId}:v${version}:${purpose}`;

const unavailable = (message: string) =>
  new DomainError(CrmErrors.DATA_KEY_UNAVAILABLE, `A protected field cannot be read: ${message}.`);

/** Runs a read, turning a failed unseal into the CRM's error (503 CRM-0032 or 422 CRM-0033). */
function asDomainError<T>(
  read: (p: OrganizationProtector) => T,
  protector: OrganizationProtector,
): T {
  try {
    return read(protector);
  } catch (error) {
    if (!(error instanceof UnsealError)) throw error;
    if (error.reason === 'unknown-version') throw unavailable(error.message);
    throw new DomainError(
      CrmErrors.CIPHERTEXT_REJECTED,
      'A protected field failed its integrity check; it is not returned.',
    );
  }
}
