// The default import is the module object itself, so spying on it reaches ApiKeySet's calls.
import crypto from 'node:crypto';
import { ApiKeySet } from './api-key-set';

describe('ApiKeySet', () => {
  it('should accept exactly the configured keys', () => {
    const keys = new ApiKeySet(['first-service-key-123', 'second-service-key-456']);
    expect(keys.matches('first-service-key-123')).toBe(true);
    expect(keys.matches('second-service-key-456')).toBe(true);
    expect(keys.matches('first-service-key-12')).toBe(false);
    expect(keys.matches('first-service-key-1234')).toBe(false);
    expect(keys.matches('FIRST-SERVICE-KEY-123')).toBe(false);
  });

  it('should reject missing and empty candidates', () => {
    const keys = new ApiKeySet(['a-long-enough-admin-key']);
    expect(keys.matches(undefined)).toBe(false);
    expect(keys.matches(null)).toBe(false);
    expect(keys.matches('')).toBe(false);
  });

  it('should accept nothing when no key is configured (empty entries are ignored)', () => {
    const keys = new ApiKeySet(['', '']);
    expect(keys.size).toBe(0);
    expect(keys.matches('')).toBe(false);
    expect(keys.matches('anything')).toBe(false);
  });

  it('should compare with timingSafeEqual on equal-length digests, against every key', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      const keys = new ApiKeySet([
        'key-one-xxxxxxxxxxxx',
        'key-two-yyyyyyyyyyyy',
        'key-three-zzzzzzzzzz',
      ]);
      spy.mockClear();
      // Matching the first key must not short-circuit the rest: timing must not tell which matched.
      expect(keys.matches('key-one-xxxxxxxxxxxx')).toBe(true);
      expect(spy).toHaveBeenCalledTimes(3);
      for (const [a, b] of spy.mock.calls) {
        expect((a as Buffer).length).toBe(32);
        expect((b as Buffer).length).toBe(32);
      }
      spy.mockClear();
      // A candidate of a different length than every key still goes through the same path.
      expect(keys.matches('x')).toBe(false);
      expect(spy).toHaveBeenCalledTimes(3);
    } finally {
      spy.mockRestore();
    }
  });
});
