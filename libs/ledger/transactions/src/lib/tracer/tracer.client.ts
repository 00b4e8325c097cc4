import { Inject, Injectable } from '@nestjs/common';
import type {
  TracerReserveBatchRequest,
  TracerReserveBatchResponse,
  TracerReserveRequest,
  TracerReserveResponse,
  TracerSettleAction,
  TracerSettleBatchRequest,
  TracerSettleBatchResponse,
  TracerTransactionActionResponse,
} from '@finplat/contracts';
import type { Settled } from '@finplat/messaging';
import { TRACER_CLIENT_OPTIONS, type TracerClientOptions } from './tracer-client.config';

/** The tracer could not be asked: not configured, unreachable, too slow, or it answered an error. */
export class TracerUnreachable extends Error {
  constructor(readonly reason: string) {
    super(`tracer unavailable: ${reason}`);
  }
}

/**
 * The ledger's one way to the tracer (`/v1/reservations/batch` and
 * `/v1/reservations/transactions/settle`: many postings per call, decision 0028). Credentials are the caller's own
 * `Authorization` header, forwarded as is: in multi-tenant mode the tracer verifies the token
 * and takes the tenant from its claim, as it does for anyone; the ledger never names a tenant.
 */
@Injectable()
export class TracerClient {
  constructor(@Inject(TRACER_CLIENT_OPTIONS) private readonly options: TracerClientOptions) {}

  get configured(): boolean {
    return this.options.url !== undefined;
  }

  /**
   * Phase one for many transactions in one call (decision 0028). A failed call fails every
   * item; otherwise each item has its own outcome, an item the tracer refused (4xx) being
   * unreachable for its posting alone.
   */
  async reserveAll(
    reservations: TracerReserveRequest[],
    timeoutMs: number,
    authorization?: string,
  ): Promise<Settled<TracerReserveResponse>[]> {
    const body: TracerReserveBatchRequest = { reservations };
    const answer = await this.call<TracerReserveBatchResponse>(
      '/v1/reservations/batch',
      body,
      timeoutMs,
      authorization,
    );
    if (answer.results?.length !== reservations.length) {
      throw new TracerUnreachable('unreadable answer (not one result per reservation)');
    }
    return answer.results.map((result): Settled<TracerReserveResponse> =>
      result.status === 200 && result.reservation
        ? { ok: true, value: result.reservation }
        : {
            ok: false,
            error: new TracerUnreachable(
              `HTTP ${result.status} ${JSON.stringify(result.error ?? {}).slice(0, 200)}`,
            ),
          },
    );
  }

  /** Phase two for every hold of many ledger transactions; moving nothing is not an error. */
  async settleAll(
    settlements: { transactionId: string; action: TracerSettleAction }[],
    authorization?: string,
  ): Promise<TracerTransactionActionResponse[]> {
    const body: TracerSettleBatchRequest = { settlements };
    const answer = await this.call<TracerSettleBatchResponse>(
      '/v1/reservations/transactions/settle',
      body,
      this.options.settleTimeoutMs,
      authorization,
    );
    if (answer.results?.length !== settlements.length) {
      throw new TracerUnreachable('unreadable answer (not one result per settlement)');
    }
    return answer.results;
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
