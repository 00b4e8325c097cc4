import type { SqlStatements } from '@finplat/tenancy';
import type { ConfirmChannelLike } from '../confirm-publish';
import {
  CLAIM_OUTBOX_SQL,
  MARK_FAILED_SQL,
  MARK_PUBLISHED_SQL,
  DEFAULT_CLAIM_LEASE_SEC,
  relayOutboxBatch,
} from './outbox-batch';

const row = (id: string, type = 'transaction.created') => ({
  id,
  event_type: type,
  payload: JSON.stringify({ id, type, transactionId: `tx-${id}` }), // as read: jsonb as text
  created_at: new Date('2026-01-01T00:00:00Z'),
});

/** Fake statements: answers the claim with `rows`, records every statement. */
function fakeManager(rows: ReturnType<typeof row>[]) {
  const calls: { sql: string; params: unknown[] }[] = [];
  const m: SqlStatements = {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      calls.push({ sql, params: [...params] });
      return (sql === CLAIM_OUTBOX_SQL ? rows : []) as R;
    },
  };
  return { m, calls };
}

type Verdict = 'ack' | 'nack' | 'silent' | 'throw';

/** A fake confirm channel: decides per message id whether the broker confirms it. */
function fakeChannel(verdict: (id: string) => Verdict = () => 'ack') {
  const published: { exchange: string; key: string; body: unknown; options: unknown }[] = [];
  const channel: ConfirmChannelLike = {
    publish(exchange, key, content, options, callback) {
      const v = verdict(options.messageId);
      if (v === 'throw') throw new Error('channel closed');
      published.push({ exchange, key, body: JSON.parse(content.toString()), options });
      if (v === 'ack') setImmediate(() => callback(null));
      if (v === 'nack') setImmediate(() => callback(new Error('message nacked')));
      return true;
    },
  };
  return { channel, published };
}

describe('relayOutboxBatch', () => {
  it('claims with SKIP LOCKED, publishes persistent messages by event type, marks them', async () => {
    const { m, calls } = fakeManager([row('a'), row('b', 'transaction.committed')]);
    const { channel, published } = fakeChannel();

    const result = await relayOutboxBatch(m, channel, {
      exchange: 'spec.events',
      tenantId: 't-1',
      limit: 50,
    });

    expect(calls[0]).toEqual({ sql: CLAIM_OUTBOX_SQL, params: [50, DEFAULT_CLAIM_LEASE_SEC] });
    expect(published.map((p) => [p.exchange, p.key])).toEqual([
      ['spec.events', 'transaction.created'],
      ['spec.events', 'transaction.committed'],
    ]);
    expect(published[0].options).toMatchObject({
      persistent: true,
      messageId: 'a',
      contentType: 'application/json',
      headers: { 'x-tenant-id': 't-1' },
    });
    expect(published[0].body).toEqual({
      id: 'a',
      type: 'transaction.created',
      transactionId: 'tx-a',
    });
    expect(calls.slice(1)).toEqual([{ sql: MARK_PUBLISHED_SQL, params: [['a', 'b']] }]);
    expect(result).toEqual({ claimed: 2, published: ['a', 'b'], failed: [] });
  });

  it('does nothing when the outbox is empty', async () => {
    const { m, calls } = fakeManager([]);
    const { channel, published } = fakeChannel();
    const result = await relayOutboxBatch(m, channel, {
      exchange: 'spec.events',
      tenantId: 't',
      limit: 10,
    });
    expect(result.claimed).toBe(0);
    expect(published).toHaveLength(0);
    expect(calls).toHaveLength(1);
  });

  it('leaves nacked and unconfirmed rows unpublished, counting the attempt', async () => {
    const { m, calls } = fakeManager([row('a'), row('b'), row('c')]);
    const { channel } = fakeChannel((id) => (id === 'a' ? 'ack' : id === 'b' ? 'nack' : 'silent'));

    const result = await relayOutboxBatch(m, channel, {
      exchange: 'spec.events',
      tenantId: 't',
      limit: 10,
      confirmTimeoutMs: 50,
    });

    expect(result).toEqual({ claimed: 3, published: ['a'], failed: ['b', 'c'] });
    expect(calls[1]).toEqual({ sql: MARK_PUBLISHED_SQL, params: [['a']] });
    expect(calls[2].sql).toBe(MARK_FAILED_SQL);
    expect(calls[2].params[0]).toEqual(['b', 'c']);
    expect(calls[2].params[1]).toMatch(/nacked/);
    expect(calls).toHaveLength(3);
  });

  it('marks nothing published when the channel is gone (broker down)', async () => {
    const { m, calls } = fakeManager([row('a'), row('b')]);
    const { channel } = fakeChannel(() => 'throw');

    const result = await relayOutboxBatch(m, channel, {
      exchange: 'spec.events',
      tenantId: 't',
      limit: 10,
    });

    expect(result).toEqual({ claimed: 2, published: [], failed: ['a', 'b'] });
    expect(calls.map((c) => c.sql)).toEqual([CLAIM_OUTBOX_SQL, MARK_FAILED_SQL]);
  });
});
