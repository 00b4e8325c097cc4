import type { TenantConnections } from '@finplat/contracts';
import { SqlParams, TenantContext } from '@finplat/tenancy';
import { OutboxSignal } from './outbox-signal';
import { OutboxWriter } from './outbox-writer';

function writer() {
  const signal = new OutboxSignal();
  const nudged: string[] = [];
  signal.subscribe((tenantId) => nudged.push(tenantId));
  const outbox = new OutboxWriter(
    { exchange: 'spec.events', eventTypes: ['thing.created'] },
    signal,
  );
  return { outbox, nudged };
}

const event = { id: 'e-1', type: 'thing.created', aggregateId: 'a-1', payload: { amount: '1.50' } };

describe('OutboxWriter', () => {
  it('should write every event in one statement, with the payload as the message body', async () => {
    const { outbox } = writer();
    const calls: { sql: string; params: readonly unknown[] }[] = [];
    await outbox.enqueue(
      { query: async (sql, params = []) => void calls.push({ sql, params }) as never },
      [event, { ...event, id: 'e-2' }],
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].sql).toMatch(/^INSERT INTO outbox \(id, aggregate_id, event_type, payload\)/);
    expect(JSON.parse(calls[0].params[0] as string)).toEqual([
      { id: 'e-1', aggregate_id: 'a-1', event_type: 'thing.created', payload: { amount: '1.50' } },
      { id: 'e-2', aggregate_id: 'a-1', event_type: 'thing.created', payload: { amount: '1.50' } },
    ]);
  });

  it('should write nothing for no events', async () => {
    const { outbox } = writer();
    const query = jest.fn();
    await outbox.enqueue({ query }, []);
    expect(query).not.toHaveBeenCalled();
  });

  it("should add its rows to the caller's statement, filtered by the caller's guard", () => {
    const { outbox } = writer();
    const p = new SqlParams();
    p.add('earlier parameter');
    const sql = outbox.insertSql(p, [event], { where: 'WHERE (SELECT ok FROM current)' });
    expect(sql).toContain('json_to_recordset($2::json)');
    expect(sql).toContain('WHERE (SELECT ok FROM current)');
    expect(sql).toMatch(/RETURNING id$/);
    expect(p.values).toHaveLength(2);
  });

  it('should refuse an event type the module did not declare', () => {
    const { outbox } = writer();
    expect(() => outbox.insertSql(new SqlParams(), [{ ...event, type: 'thing.other' }])).toThrow(
      /"thing\.other" is not one of the module's eventTypes/,
    );
  });

  it('should nudge the relay for the current tenant, or the one named', () => {
    const { outbox, nudged } = writer();
    outbox.committed(); // no tenant in context: nothing to nudge
    TenantContext.run({ tenantId: 'acme', connections: {} as TenantConnections }, () =>
      outbox.committed(),
    );
    outbox.committed('other');
    expect(nudged).toEqual(['acme', 'other']);
  });
});
