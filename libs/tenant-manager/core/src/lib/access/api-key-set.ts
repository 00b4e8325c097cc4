import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * A set of accepted API keys, compared in constant time. Both sides are hashed first so the
 * compared buffers always have the same length (timingSafeEqual demands it, and comparing raw
 * keys of different lengths would leak the length); every key is compared, with no early exit,
 * so the time taken does not reveal which key matched, or how many there are.
 */
export class ApiKeySet {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.filter((key) => key.length > 0).map(digest);
  }

  get size(): number {
    return this.digests.length;
  }

  matches(candidate: string | undefined | null): boolean {
    if (typeof candidate !== 'string' || candidate.length === 0) return false;
    const presented = digest(candidate);
    let matched = false;
    for (const accepted of this.digests) {
      if (timingSafeEqual(accepted, presented)) matched = true;
    }
    return matched;
  }
}
