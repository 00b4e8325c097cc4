import { DomainError, PlatformErrors } from '@finplat/platform';
import { BreakerOpenError, TenantBreaker } from './tenant-breaker';

const answer = () => new DomainError(PlatformErrors.TENANT_NOT_FOUND, 'gone');
const outage = () => new Error('ECONNREFUSED');
const breaker = (threshold = 3, openSec = 1) =>
  new TenantBreaker({
    threshold,
    openSec,
    isAnswer: (e) => e instanceof DomainError,
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TenantBreaker', () => {
  let b: TenantBreaker;
  afterEach(() => b?.shutdown());

  it('should open after exactly N consecutive failures, not before', async () => {
    b = breaker(3);
    for (let i = 0; i < 2; i++)
      await expect(b.fire(async () => Promise.reject(outage()))).rejects.toThrow('ECONNREFUSED');
    expect(b.state).toBe('closed');
    await expect(b.fire(async () => Promise.reject(outage()))).rejects.toThrow('ECONNREFUSED');
    expect(b.state).toBe('open');
  });

  it('should not open on a failure rate alone when successes interleave (consecutive, not percentage)', async () => {
    b = breaker(3);
    for (let i = 0; i < 10; i++) {
      await expect(b.fire(async () => Promise.reject(outage()))).rejects.toThrow();
      await expect(b.fire(async () => Promise.reject(outage()))).rejects.toThrow();
      await b.fire(async () => 'ok');
    }
    expect(b.state).toBe('closed');
  });

  it('should count 404/403 answers as successes that reset the count', async () => {
    b = breaker(2);
    for (let i = 0; i < 5; i++) {
      await expect(b.fire(async () => Promise.reject(outage()))).rejects.toThrow();
      await expect(b.fire(async () => Promise.reject(answer()))).rejects.toBeInstanceOf(
        DomainError,
      );
    }
    expect(b.state).toBe('closed');
  });

  it('should fail fast while open, with the seconds left as Retry-After, without calling the action', async () => {
    b = breaker(1, 30);
    await expect(b.fire(async () => Promise.reject(outage()))).rejects.toThrow();
    const action = jest.fn(async () => 'ok');
    const started = Date.now();
    const error = await b.fire(action).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(20);
    expect(error).toBeInstanceOf(BreakerOpenError);
    expect((error as BreakerOpenError).retryAfterSec).toBeGreaterThanOrEqual(29);
    expect((error as BreakerOpenError).retryAfterSec).toBeLessThanOrEqual(30);
    expect(action).not.toHaveBeenCalled();
  });

  it('should let exactly one trial call through after the open period, and close on its success', async () => {
    b = breaker(1, 1);
    await expect(b.fire(async () => Promise.reject(outage()))).rejects.toThrow();
    await sleep(1_100);
    expect(b.state).toBe('half-open');
    let release!: () => void;
    const trial = b.fire(() => new Promise<string>((r) => (release = () => r('trial'))));
    // While the trial runs, others are still refused.
    await expect(b.fire(async () => 'other')).rejects.toBeInstanceOf(BreakerOpenError);
    release();
    await expect(trial).resolves.toBe('trial');
    expect(b.state).toBe('closed');
    await expect(b.fire(async () => 'after')).resolves.toBe('after');
  });

  it('should open again when the trial call fails', async () => {
    b = breaker(1, 1);
    await expect(b.fire(async () => Promise.reject(outage()))).rejects.toThrow();
    await sleep(1_100);
    await expect(b.fire(async () => Promise.reject(outage()))).rejects.toThrow('ECONNREFUSED');
    expect(b.state).toBe('open');
  });
});
