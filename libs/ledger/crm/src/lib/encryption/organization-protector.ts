import { openField, sealField, searchToken, UnsealError } from './field-cipher';
import type { OrganizationKeys } from './key-ring';

/**
 * Seals, opens and tokenizes the PII of one organization of one tenant. Every value is bound
 * to its record and field, so a ciphertext moved to another row, column or tenant fails.
 */
export class OrganizationProtector {
  constructor(
    readonly tenantId: string,
    readonly organizationId: string,
    private readonly keys: OrganizationKeys,
  ) {}

  /** The key version new values are sealed under. */
  get primaryVersion(): number {
    return this.keys.primary;
  }

  seal(recordId: string, field: string, value: string): string {
    const key = this.keys.aead.get(this.keys.primary);
    if (!key) throw new UnsealError('unknown-version', 'the organization has no data key');
    return sealField(key, this.keys.primary, this.scope(recordId, field), value);
  }

  open(recordId: string, field: string, sealed: string): string {
    return openField((v) => this.keys.aead.get(v), this.scope(recordId, field), sealed);
  }

  /** The token new rows store: under the primary token key. */
  token(field: string, value: string): string {
    const key = this.keys.token.get(this.keys.primary);
    if (!key) throw new UnsealError('unknown-version', 'the organization has no token key');
    return searchToken(key, this.keys.primary, this.tokenScope(field), value);
  }

  /** Every token the value may be stored under: one per enabled version (rotation without re-index). */
  tokens(field: string, value: string): string[] {
    return [...this.keys.token].map(([version, key]) =>
      searchToken(key, version, this.tokenScope(field), value),
    );
  }

  /**
   * A copy of `source` whose string values at `paths` ('contact.primaryEmail') are sealed;
   * the field bound into each is `prefix` + path.
   */
  sealPaths<T extends Record<string, unknown>>(
    recordId: string,
    prefix: string,
    source: T,
    paths: readonly string[],
  ): T {
    return mapPaths(source, paths, (path, value) => this.seal(recordId, prefix + path, value));
  }

  openPaths<T extends Record<string, unknown>>(
    recordId: string,
    prefix: string,
    source: T,
    paths: readonly string[],
  ): T {
    return mapPaths(source, paths, (path, value) => this.open(recordId, prefix + path, value));
  }

  private scope(recordId: string, field: string) {
    return { tenantId: this.tenantId, organizationId: this.organizationId, recordId, field };
  }

  private tokenScope(field: string) {
    return { tenantId: this.tenantId, organizationId: this.organizationId, field };
  }
}

/** A deep copy of `source` with `transform` applied to the string found at each dotted path. */
function mapPaths<T extends Record<string, unknown>>(
  source: T,
  paths: readonly string[],
  transform: (path: string, value: string) => string,
): T {
  const copy = structuredClone(source) as Record<string, unknown>;
  for (const path of paths) {
    const parts = path.split('.');
    let node: Record<string, unknown> | undefined = copy;
    for (const part of parts.slice(0, -1)) {
      const next: unknown = node?.[part];
      node =
        typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : undefined;
    }
    const leaf = parts[parts.length - 1];
    const value = node?.[leaf];
    if (node && typeof value === 'string') node[leaf] = transform(path, value);
  }
  return copy as T;
}
