import CircuitBreaker from 'opossum';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface TenantBreakerOptions {
  /** MULTI_TENANT_CIRCUIT_BREAKER_THRESHOLD: consecutive failures that open the circuit. */
  threshold: number;
  /** MULTI_TENANT_CIRCUIT_BREAKER_TIMEOUT_SEC: how long it stays open before one trial call. */
  openSec: number;
  /** Errors that are answers, not failures (404, 403): they reset the failure count. */
  isAnswer: (error: unknown) => boolean;
}

/**
 * The circuit in front of tenant-manager: opossum does the state machine (open → half-open
 * after `openSec` → one trial call → closed or open again), and a counter in front decides
 * when to open it. opossum's own trip rule is a failure *percentage* over a rolling window;
 * the seed promises N *consecutive* failures, so that rule is switched off
 * (errorThresholdPercentage 100 can never be exceeded) and `open()` is called here when the
 * N-th failure in a row arrives. Any success, or any answer such as 404/403, resets the count.
 */
export class TenantBreaker {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private consecutiveFailures = 0;
  private openedAt = 0;

  constructor(private readonly options: TenantBreakerOptions) {
    this.breaker = new CircuitBreaker((action: () => Promise<unknown>) => action(), {
      timeout: false, // the HTTP call has its own MULTI_TENANT_TIMEOUT
      resetTimeout: options.openSec * 1000,
      errorThresholdPercentage: 100,
      volumeThreshold: Number.MAX_SAFE_INTEGER,
      errorFilter: (error: unknown) => options.isAnswer(error),
    });
    this.breaker.on('success', () => (this.consecutiveFailures = 0));
    this.breaker.on('failure', () => {
      this.consecutiveFailures += 1;
      if (this.consecutiveFailures >= options.threshold) this.breaker.open();
    });
    this.breaker.on('open', () => (this.openedAt = Date.now()));
    this.breaker.on('close', () => (this.consecutiveFailures = 0));
  }

  /** Runs `action` through the circuit; rejects at once with `BreakerOpenError` when open. */
  async fire<T>(action: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(action)) as T;
    } catch (error) {
      if ((error as { code?: string }).code === 'EOPENBREAKER')
        throw new BreakerOpenError(this.retryAfterSec());
      throw error;
    }
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  /** Seconds until the next trial call (at least 1). */
  retryAfterSec(): number {
    if (this.state !== 'open') return 1;
    const left = this.openedAt + this.options.openSec * 1000 - Date.now();
    return Math.max(1, Math.ceil(left / 1000));
  }

  shutdown(): void {
    this.breaker.shutdown();
  }
}

export class BreakerOpenError extends Error {
  readonly code = 'EOPENBREAKER';
  constructor(readonly retryAfterSec: number) {
    super('circuit to tenant-manager is open');
  }
}
