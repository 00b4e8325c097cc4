import type { TracerReserveRequest, TracerReserveResponse } from '@finplat/contracts';
import type { Settled } from '@finplat/messaging';
import { MetricsRegistry } from '@finplat/platform';
import { randomUUID } from 'node:crypto';
import { LedgerTracer, type ConsultInput } from './ledger-tracer.service';
import { TracerUnreachable, type TracerClient } from './tracer.client';
import type { TracerFactsRepository } from './tracer-facts.repository';

type Settlement = { transactionId: string; action: 'confirm' | 'release' };

/** A tracer that answers each reserve call when the test says so. */
class FakeClient {
  readonly configured = true;
  readonly reserveCalls: { bodies: TracerReserveRequest[]; authorization?: string }[] = [];
  readonly settleCalls: { settlements: Settlement[]; authorization?: string }[] = [];
  private readonly pending: (() => void)[] = [];
  /** Answers calls at once unless held. */
  hold = false;
  failWith?: Error;

  reserveAll(
    bodies: TracerReserveRequest[],
    _timeoutMs: number,
    authorization?: string,
  ): Promise<Settled<TracerReserveResponse>[]> {
    this.reserveCalls.push({ bodies, authorization });
    const answer = () => {
      if (this.failWith) throw this.failWith;
      return bodies.map((body): Settled<TracerReserveResponse> =>
        body.currency === 'XX'
          ? { ok: false, error: new TracerUnreachable('HTTP 400 {"code":"0047"}') }
          : {
              ok: true,
              value: {
                transactionId: body.transactionId,
                denied: false,
                reservationIds: [`hold-of-${body.transactionId}`],
                decision: 'ALLOW',
                reason: 'ok',
                matchedRuleIds: [],
              },
            },
      );
    };
    if (!this.hold) return Promise.resolve().then(answer);
    return new Promise((resolve, reject) =>
      this.pending.push(() => {
        try {
          resolve(answer());
        } catch (error) {
          reject(error);
        }
      }),
    );
  }

  release(): void {
    for (const answer of this.pending.splice(0)) answer();
  }

  settleAll(settlements: Settlement[], authorization?: string) {
    this.settleCalls.push({ settlements, authorization });
    return Promise.resolve(
      settlements.map((s) => ({
        transactionId: s.transactionId,
        status: s.action === 'confirm' ? ('CONFIRMED' as const) : ('RELEASED' as const),
        flipped: 1,
      })),
    );
  }
}

const facts = (timeoutMs: number) =>
  ({
    read: () =>
      Promise.resolve({
        settings: { tracer: { mode: 'enforce', failPosture: 'closed', timeoutMs } },
      }),
  }) as unknown as TracerFactsRepository;

const input = (over: Partial<ConsultInput> = {}): ConsultInput => ({
  transactionId: randomUUID(),
  ledgerId: 'ledger-1',
  kind: 'json',
  amount: '1.00',
  asset: 'USD',
  pending: false,
  legs: [
    { side: 'source', accountAlias: '@a' },
    { side: 'destination', accountAlias: '@b' },
  ],
  metadata: {},
  authorization: 'Bearer t1',
  ...over,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LedgerTracer: reserve and settle calls group-committed per lane (decision 0028)', () => {
  let client: FakeClient;
  const tracerWith = (timeoutMs = 1000) =>
    new LedgerTracer(client as unknown as TracerClient, facts(timeoutMs), new MetricsRegistry());

  beforeEach(() => {
    client = new FakeClient();
  });

  it('should send the reserves of concurrent postings in one call and answer each its own', async () => {
    const tracer = tracerWith();
    const inputs = Array.from({ length: 20 }, () => input());
    const answers = await Promise.all(inputs.map((i) => tracer.consult(i)));
    expect(client.reserveCalls).toHaveLength(1);
    expect(client.reserveCalls[0].bodies.map((b) => b.transactionId)).toEqual(
      inputs.map((i) => i.transactionId),
    );
    answers.forEach((answer, k) =>
      expect(answer).toMatchObject({
        outcome: 'decided',
        reservationIds: [`hold-of-${inputs[k].transactionId}`],
      }),
    );
  });

  it('should keep callers with other credentials in calls of their own', async () => {
    const tracer = tracerWith();
    await Promise.all([
      tracer.consult(input({ authorization: 'Bearer t1' })),
      tracer.consult(input({ authorization: 'Bearer t2' })),
      tracer.consult(input({ authorization: 'Bearer t1' })),
    ]);
    const calls = client.reserveCalls.map((c) => [c.authorization, c.bodies.length]);
    expect(calls).toEqual(
      expect.arrayContaining([
        ['Bearer t1', 2],
        ['Bearer t2', 1],
      ]),
    );
    expect(calls).toHaveLength(2);
  });

  it('should answer an item the tracer refused as unavailable for that posting alone, and release it', async () => {
    const tracer = tracerWith();
    const bad = input({ asset: 'XX' });
    const [good, refused] = await Promise.all([tracer.consult(input()), tracer.consult(bad)]);
    expect(good).toMatchObject({ outcome: 'decided' });
    expect(refused).toEqual({ outcome: 'unavailable', reason: 'HTTP 400 {"code":"0047"}' });
    await tracer.drain();
    expect(client.settleCalls.flatMap((c) => c.settlements)).toEqual([
      { transactionId: bad.transactionId, action: 'release' },
    ]);
  });

  it('should not send a reserve whose posting stopped waiting before its call left', async () => {
    const tracer = tracerWith(50);
    client.hold = true;
    const first = tracer.consult(input());
    await sleep(5);
    const second = tracer.consult(input());
    await sleep(5);
    // Two calls are out (one each); this one waits behind them, past its timeout.
    const late = input();
    const lateAnswer = tracer.consult(late);
    expect(await lateAnswer).toEqual({ outcome: 'unavailable', reason: 'no answer within 50 ms' });
    client.release();
    await Promise.all([first, second]);
    await sleep(10);
    await tracer.drain();
    const sent = client.reserveCalls.flatMap((c) => c.bodies.map((b) => b.transactionId));
    expect(sent).not.toContain(late.transactionId);
    expect(sent).toHaveLength(2);
  });

  it('should release what a timed-out reserve was granted once its call answers', async () => {
    const tracer = tracerWith(30);
    client.hold = true;
    const slow = input();
    expect(await tracer.consult(slow)).toEqual({
      outcome: 'unavailable',
      reason: 'no answer within 30 ms',
    });
    // Nothing to release before the tracer answered: the reserve may not have landed yet.
    expect(client.settleCalls).toHaveLength(0);
    client.release();
    await sleep(10);
    await tracer.drain();
    expect(client.settleCalls.flatMap((c) => c.settlements)).toEqual([
      { transactionId: slow.transactionId, action: 'release' },
    ]);
  });

  it('should release every reserve of a failed call, and answer each posting unavailable', async () => {
    const tracer = tracerWith();
    client.failWith = new TracerUnreachable('ECONNRESET');
    const inputs = [input(), input()];
    const answers = await Promise.all(inputs.map((i) => tracer.consult(i)));
    expect(answers).toEqual([
      { outcome: 'unavailable', reason: 'ECONNRESET' },
      { outcome: 'unavailable', reason: 'ECONNRESET' },
    ]);
    await tracer.drain();
    expect(
      client.settleCalls.flatMap((c) => c.settlements.map((s) => s.transactionId)).sort(),
    ).toEqual(inputs.map((i) => i.transactionId).sort());
  });

  it('should send concurrent confirms and releases of a lane in one call', async () => {
    const tracer = tracerWith();
    const ids = Array.from({ length: 10 }, () => randomUUID());
    ids.forEach((id, k) => tracer.settle(id, k % 2 ? 'release' : 'confirm', 'Bearer t1'));
    await tracer.drain();
    expect(client.settleCalls).toHaveLength(1);
    expect(client.settleCalls[0]).toEqual({
      authorization: 'Bearer t1',
      settlements: ids.map((transactionId, k) => ({
        transactionId,
        action: k % 2 ? 'release' : 'confirm',
      })),
    });
  });
});
