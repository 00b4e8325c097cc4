import { DomainError } from '@finplat/platform';
import { MetadataIndexErrors } from '@finplat/ledger-domain';

/** Names of the metadata indexes users create (see MetadataIndexRepository). */
export const METADATA_INDEX_PREFIX = 'mdx_';

const UNIQUE_VIOLATION = '23505';

/** The constraint a PostgreSQL unique violation names, or undefined for any other error. */
export function uniqueViolationOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  // TypeORM's QueryFailedError copies the driver's fields and also keeps it as `driverError`.
  const candidates = [error, (error as { driverError?: unknown }).driverError];
  for (const candidate of candidates) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const { code, constraint } = candidate as { code?: unknown; constraint?: unknown };
    if (code === UNIQUE_VIOLATION) return typeof constraint === 'string' ? constraint : '';
  }
  return undefined;
}

/**
 * Runs a write and turns a unique violation of one of the named indexes into the same domain
 * error the service's own check would have raised. The service checks first for a precise
 * message; the index is the backstop when two requests race past that check.
 */
export async function withUniqueViolations<T>(
  work: () => Promise<T>,
  errors: Record<string, () => DomainError>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const constraint = uniqueViolationOf(error);
    const mapped = constraint === undefined ? undefined : errors[constraint];
    if (mapped) throw mapped();
    if (constraint?.startsWith(METADATA_INDEX_PREFIX)) {
      throw new DomainError(
        MetadataIndexErrors.UNIQUE_VALUE_TAKEN,
        'A unique metadata index already holds this metadata value for another row.',
        { fields: { metadata: 'value already taken (unique metadata index)' } },
      );
    }
    throw error;
  }
}
