import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { MetricsRegistry } from '@finplat/platform';
import { TenantContext } from '@finplat/tenancy';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
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
 * The ledger's side of the tracer seam (decision 0027). It remembers which ledgers consult
 * the tracer, as their last posting batch read it, so their postings ask the tracer first and
 * every other posting pays nothing; it asks (reserve) outside any database transaction, and
 * confirms or releases a transaction's holds once its fate is known. Confirm and release are
 * best-effort and do not hold up the answer: a hold that is never settled expires in the
 * tracer (its reaper).
 */
@Injectable()
export class LedgerTracer implements OnApplicationShutdown {
  private readonly logger = new Logger(LedgerTracer.name);
  private readonly consulting = new LRUCache<string, true>({ max: KNOWN_LEDGERS });
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly outcomes: Counter<'outcome'>;

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
    try {
      const answer = await this.client.reserve(body, settings.timeoutMs, input.authorization);
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
      // A reserve that timed out may still land: give back whatever it holds.
      if (this.client.configured) this.settle(input.transactionId, 'release', input.authorization);
      return { outcome: 'unavailable', reason: error.reason };
    }
  }

  /** Confirms or releases every hold of a transaction, in the background. */
  settle(transactionId: string, action: 'confirm' | 'release', authorization?: string): void {
    const work = this.client
      .settle(transactionId, action, authorization)
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
