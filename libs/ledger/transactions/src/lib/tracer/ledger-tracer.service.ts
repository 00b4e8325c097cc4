import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { MetricsRegistry } from '@finplat/platform';
import { TenantContext } from '@finplat/tenancy';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import {
  TRACER_RESERVE_BATCH_LIMIT,
  type TracerReserveRequest,
  type TracerReserveResponse,
  type TracerSettleAction,
} from '@finplat/contracts';
import { GroupCommit, type Settled } from '@finplat/messaging';
import { ledgerSettingsOf, type Metadata } from '@finplat/ledger-domain';
import type { TransactionKind } from '../posting/posting.records';
import type { ResolvedLeg } from '../posting/resolve-legs';
import { TracerClient, TracerUnreachable } from './tracer.client';
import { reserveRequestOf, type Consultation, type TracerSettings } from './tracer-consult';
import { TracerFactsRepository } from './tracer-facts.repository';

/** A posting as the tracer needs to see it. */
export interface ConsultInput {
  transactionId: string;
  ledgerId: string;
  kind: TransactionKind;
  amount: string;
  asset: string;
  pending: boolean;
  legs: Pick<ResolvedLeg, 'side' | 'accountAlias'>[];
  metadata: Metadata;
  authorization?: string;
}

/** Most ledgers whose tracer mode an instance remembers. */
const KNOWN_LEDGERS = 10_000;

const isExternal = (alias: string) => alias.startsWith('@external/');

/**
 * Reserve calls of one lane out at once: while one is being answered the next one's items
 * gather, and the tracer evaluates its rules while it writes the previous batch.
 */
const RESERVE_CALLS_IN_FLIGHT = 2;

/** A consult waiting for its reserve call. */
interface QueuedReserve {
  lane: string;
  transactionId: string;
  body: TracerReserveRequest;
  timeoutMs: number;
  authorization?: string;
  /** Its posting stopped waiting (timeoutMs): not sent if not sent yet, released if it landed. */
  abandoned: boolean;
}

/** A confirm or release waiting for its call. */
interface QueuedSettle {
  transactionId: string;
  action: TracerSettleAction;
  authorization?: string;
}

/** What a consult waits for, at most `ms`: the caller stops waiting, the work goes on. */
function within<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new TracerUnreachable(`no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The ledger's side of the tracer seam (decision 0027). It remembers which ledgers consult
 * the tracer, as their last posting batch read it, so their postings ask the tracer first and
 * every other posting pays nothing; it asks (reserve) outside any database transaction, and
 * confirms or releases a transaction's holds once its fate is known. Confirm and release are
 * best-effort and do not hold up the answer: a hold that is never settled expires in the
 * tracer (its reaper).
 *
 * Calls are group-committed per lane (tenant and credentials, decision 0028): the reserves of
 * the postings that arrive while a lane's calls are out go together in its next call, and so
 * do confirms and releases, so N concurrent postings cost the tracer two HTTP requests, not
 * 2N. A lone posting is a call of one; nothing waits for a timer.
 */
@Injectable()
export class LedgerTracer implements OnApplicationShutdown {
  private readonly logger = new Logger(LedgerTracer.name);
  private readonly consulting = new LRUCache<string, true>({ max: KNOWN_LEDGERS });
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly outcomes: Counter<'outcome'>;
  private readonly reserves = new GroupCommit<QueuedReserve, TracerReserveResponse>(
    (items) => this.reserveCall(items),
    { maxBatchSize: TRACER_RESERVE_BATCH_LIMIT, maxInFlight: RESERVE_CALLS_IN_FLIGHT },
  );
  private readonly settlements = new GroupCommit<QueuedSettle, unknown>(
    (items) => this.settleCall(items),
    { maxBatchSize: TRACER_RESERVE_BATCH_LIMIT, maxInFlight: 1 },
  );

  constructor(
    private readonly client: TracerClient,
    private readonly facts: TracerFactsRepository,
    metrics: MetricsRegistry,
  ) {
    this.outcomes = new Counter({
      name: 'ledger_tracer_consults_total',
      help: 'Postings the ledger asked the tracer about, by outcome (ALLOW, DENY, REVIEW, unavailable)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  private static key(ledgerId: string): string {
    return `${TenantContext.currentOrUndefined()?.tenantId ?? ''}/${ledgerId}`;
  }

  /** Calls share a lane when they go with the same credentials for the same tenant. */
  private static lane(authorization: string | undefined): string {
    return `${TenantContext.currentOrUndefined()?.tenantId ?? ''}\n${authorization ?? ''}`;
  }

  /** Whether the last batch of a ledger said it consults the tracer. */
  consults(ledgerId: string): boolean {
    return this.consulting.has(LedgerTracer.key(ledgerId));
  }

  /** What a posting batch read of a ledger's settings. */
  learn(ledgerId: string, settings: TracerSettings): void {
    if (settings.mode === 'off') this.consulting.delete(LedgerTracer.key(ledgerId));
    else this.consulting.set(LedgerTracer.key(ledgerId), true);
  }

  /**
   * Asks the tracer under the ledger's settings of now (read with the account, in one
   * statement): its decision and holds, or why it could not be asked. Undefined when the
   * ledger no longer consults it (or does not exist: its batch will say so).
   */
  async consult(input: ConsultInput): Promise<Consultation | undefined> {
    const principal =
      input.legs.find((leg) => leg.side === 'source' && !isExternal(leg.accountAlias)) ??
      input.legs.find((leg) => !isExternal(leg.accountAlias));
    const facts = await this.facts.read(input.ledgerId, principal?.accountAlias);
    if (!facts) return undefined;
    const settings = ledgerSettingsOf(facts.settings).tracer;
    this.learn(input.ledgerId, settings);
    if (settings.mode === 'off') return undefined;
    const body = reserveRequestOf({ ...input, account: facts.account, now: new Date() });
    const queued: QueuedReserve = {
      lane: LedgerTracer.lane(input.authorization),
      transactionId: input.transactionId,
      body,
      timeoutMs: settings.timeoutMs,
      authorization: input.authorization,
      abandoned: false,
    };
    try {
      const answer = await within(
        this.reserves.submit(queued.lane, queued),
        settings.timeoutMs,
        () => (queued.abandoned = true),
      );
      this.outcomes.inc({ outcome: answer.decision });
      return {
        outcome: 'decided',
        decision: answer.decision,
        reason: answer.reason,
        reservationIds: answer.reservationIds ?? [],
        matchedRuleIds: answer.matchedRuleIds ?? [],
      };
    } catch (error) {
      if (!(error instanceof TracerUnreachable)) throw error;
      this.outcomes.inc({ outcome: 'unavailable' });
      this.logger.warn(`transaction ${input.transactionId}: ${error.message}`);
      // A failed call may still have landed: give back whatever it holds. (One that timed out
      // is released by its call once that call ends: see reserveCall.)
      if (this.client.configured && !queued.abandoned) {
        this.settle(input.transactionId, 'release', input.authorization);
      }
      return { outcome: 'unavailable', reason: error.reason };
    }
  }

  /** One reserve call for the items of a lane that still wait for it. */
  private async reserveCall(items: QueuedReserve[]): Promise<Settled<TracerReserveResponse>[]> {
    const live = items.filter((item) => !item.abandoned);
    const answers = new Map<QueuedReserve, Settled<TracerReserveResponse>>();
    if (live.length > 0) {
      let results: Settled<TracerReserveResponse>[];
      try {
        results = await this.client.reserveAll(
          live.map((item) => item.body),
          Math.max(...live.map((item) => item.timeoutMs)),
          live[0].authorization,
        );
      } catch (error) {
        this.releaseAbandoned(live, () => true);
        throw error;
      }
      live.forEach((item, i) => answers.set(item, results[i]));
      // Those whose postings stopped waiting give back what they were granted.
      this.releaseAbandoned(live, (item) => {
        const answer = answers.get(item);
        return answer?.ok === true && answer.value.reservationIds.length > 0;
      });
    }
    return items.map(
      (item) =>
        answers.get(item) ?? {
          ok: false,
          error: new TracerUnreachable(`no answer within ${item.timeoutMs} ms`),
        },
    );
  }

  private releaseAbandoned(items: QueuedReserve[], held: (item: QueuedReserve) => boolean): void {
    for (const item of items) {
      if (item.abandoned && held(item)) {
        this.settleIn(item.lane, item.transactionId, 'release', item.authorization);
      }
    }
  }

  /** One confirm/release call for a lane's settlements. */
  private async settleCall(items: QueuedSettle[]): Promise<Settled<unknown>[]> {
    const results = await this.client.settleAll(
      items.map(({ transactionId, action }) => ({ transactionId, action })),
      items[0].authorization,
    );
    return results.map((value) => ({ ok: true, value }));
  }

  /** Confirms or releases every hold of a transaction, in the background. */
  settle(transactionId: string, action: TracerSettleAction, authorization?: string): void {
    this.settleIn(LedgerTracer.lane(authorization), transactionId, action, authorization);
  }

  private settleIn(
    lane: string,
    transactionId: string,
    action: TracerSettleAction,
    authorization?: string,
  ): void {
    const work = this.settlements
      .submit(lane, { transactionId, action, authorization })
      .catch((error: unknown) =>
        this.logger.warn(
          `transaction ${transactionId}: ${action} of its tracer holds failed (${String(error)}); the tracer's reaper expires them`,
        ),
      )
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Settlements still on their way: what a test or a shutdown waits for. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drain();
  }
}
