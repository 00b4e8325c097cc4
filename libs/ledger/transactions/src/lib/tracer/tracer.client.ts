import { Inject, Injectable } from '@nestjs/common';
import type {
  TracerReserveRequest,
  TracerReserveResponse,
  TracerTransactionActionResponse,
} from '@finplat/contracts';
import { TRACER_CLIENT_OPTIONS, type TracerClientOptions } from './tracer-client.config';

/** The tracer could not be asked: not configured, unreachable, too slow, or it answered an error. */
export class TracerUnreachable extends Error {
  constructor(readonly reason: string) {
    super(`tracer unavailable: ${reason}`);
  }
}

/**
 * The ledger's one way to the tracer (`/v1/reservations`). Credentials are the caller's own
 * `Authorization` header, forwarded as is: in multi-tenant mode the tracer verifies the token
 * and takes the tenant from its claim, as it does for anyone; the ledger never names a tenant.
 */
@Injectable()
export class TracerClient {
  constructor(@Inject(TRACER_CLIENT_OPTIONS) private readonly options: TracerClientOptions) {}

  get configured(): boolean {
    return this.options.url !== undefined;
  }

  reserve(
    body: TracerReserveRequest,
    timeoutMs: number,
    authorization?: string,
  ): Promise<TracerReserveResponse> {
    return this.call('/v1/reservations', body, timeoutMs, authorization);
  }

  /** Phase two for every hold of a ledger transaction; moving nothing is not an error. */
  settle(
    transactionId: string,
    action: 'confirm' | 'release',
    authorization?: string,
  ): Promise<TracerTransactionActionResponse> {
    return this.call(
      `/v1/reservations/transaction/${transactionId}/${action}`,
      undefined,
      this.options.settleTimeoutMs,
      authorization,
    );
  }

  private async call<T>(
    path: string,
    body: unknown,
    timeoutMs: number,
    authorization?: string,
  ): Promise<T> {
    if (!this.options.url) throw new TracerUnreachable('TRACER_URL is not set');
    let response: Response;
    try {
      response = await fetch(`${this.options.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const e = error as { name?: string; cause?: { code?: string } };
      throw new TracerUnreachable(
        e.name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : (e.cause?.code ?? String(error)),
      );
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new TracerUnreachable(`HTTP ${response.status} ${text.slice(0, 200)}`);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new TracerUnreachable(`unreadable answer (HTTP ${response.status})`);
    }
  }
}
