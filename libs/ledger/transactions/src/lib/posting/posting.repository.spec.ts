import { OutboxSignal, OutboxWriter } from '@finplat/messaging';
import { newId } from '@finplat/platform';
import type { DataSource } from 'typeorm';
import { Money } from '@finplat/ledger-domain';
import { migratedLedgerDatabase, type LedgerTestDatabase } from '../../../test/ledger-database';
import { isContention, PostingConflict } from '../common/retry';
import { LEDGER_OUTBOX } from '../events/ledger-events.topology';
import { transactionEvent } from '../events/transaction-event';
import type { TransactionRecord } from './posting.records';
import { PostingRepository, type PostingWrite } from './posting.repository';

/**
 * Integration: the write statement on a real PostgreSQL, as an optimistic posting uses it —
 * without holding the balance locks since it read them.
 */
describe('PostingRepository.write (real PostgreSQL)', () => {
  let ledgerDatabase: LedgerTestDatabase | undefined;
  let dataSource: DataSource;
  const repository = new PostingRepository(new OutboxWriter(LEDGER_OUTBOX, new OutboxSignal()));
  const organizationId = newId();
  const ledgerId = newId();
  const balanceId = newId();

  beforeAll(async () => {
    ledgerDatabase = await migratedLedgerDatabase('ledger_posting_write');
    ({ dataSource } = ledgerDatabase);
    const accountId = newId();
    await dataSource.query(
      `INSERT INTO organization (id, legal_name, legal_document) VALUES ($1, 'Org', '1')`,
      [organizationId],
    );
    await dataSource.query(`INSERT INTO ledger (id, organization_id, name) VALUES ($1, $2, 'L')`, [
      ledgerId,
      organizationId,
    ]);
    await dataSource.query(
      `INSERT INTO account (id, organization_id, ledger_id, name, alias, type, asset_code)
       VALUES ($1, $2, $3, 'A', '@a', 'deposit', 'USD')`,
      [accountId, organizationId, ledgerId],
    );
    await dataSource.query(
      `INSERT INTO balance (id, organization_id, ledger_id, account_id, alias, asset_code, available, account_type)
       VALUES ($1, $2, $3, $4, '@a', 'USD', 100, 'deposit')`,
      [balanceId, organizationId, ledgerId, accountId],
    );
  });

  afterAll(async () => {
    await ledgerDatabase?.drop();
  });

  const balance = async () =>
    (
      await dataSource.query(
        'SELECT available::text AS available, version::text AS version FROM balance WHERE id = $1',
        [balanceId],
      )
    )[0] as { available: string; version: string };

  const count = async (table: string) =>
    Number((await dataSource.query(`SELECT count(*) AS n FROM "${table}"`))[0].n);

  function posting(expectedVersion: bigint, key?: string): PostingWrite {
    const now = new Date();
    const tx: TransactionRecord = {
      id: newId(),
      parentTransactionId: null,
      organizationId,
      ledgerId,
      description: null,
      kind: 'annotation',
      status: 'NOTED',
      statusDescription: null,
      amount: new Money('1'),
      assetCode: 'USD',
      chartOfAccountsGroupName: null,
      route: null,
      routeId: null,
      pending: false,
      feesSkipped: false,
      tracerSkipped: false,
      body: {},
      metadata: {},
      transactionDate: now,
      createdAt: now,
      updatedAt: now,
    };
    return {
      balances: [
        {
          id: balanceId,
          available: new Money('99'),
          onHold: new Money('0'),
          overdraftUsed: new Money('0'),
          version: expectedVersion + 1n,
          expectedVersion,
        },
      ],
      transactions: { insert: [tx] },
      operations: [],
      idempotency: key
        ? [
            {
              ledgerId,
              key,
              requestHash: 'h',
              ttlSec: 60,
              response: { id: tx.id },
              transactionId: tx.id,
            },
          ]
        : [],
      events: [transactionEvent('transaction.created', tx, [], now)],
    };
  }

  it('should write nothing and throw PostingConflict when a balance moved since it was read', async () => {
    const before = await balance();
    const stale = BigInt(before.version) - 1n;
    const error = await dataSource.manager
      .transaction((m) => repository.write(m, posting(stale, 'stale-key')))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostingConflict);
    expect(isContention(error)).toBe(true);
    expect(await balance()).toEqual(before);
    expect(await count('transaction')).toBe(0);
    expect(await count('idempotency_key')).toBe(0);
    expect(await count('outbox')).toBe(0);
  });

  it('should write everything, outside any transaction, when the balance is as read', async () => {
    const before = await balance();
    await repository.write(dataSource.manager, posting(BigInt(before.version), 'fresh-key'));
    expect(await balance()).toEqual({
      available: '99',
      version: String(BigInt(before.version) + 1n),
    });
    expect(await count('transaction')).toBe(1);
    expect(await count('idempotency_key')).toBe(1);
    expect(await count('outbox')).toBe(1);
  });

  it('should fail as contention, writing nothing, when the idempotency key was taken meanwhile', async () => {
    const before = await balance();
    const error = await repository
      .write(dataSource.manager, posting(BigInt(before.version), 'fresh-key'))
      .catch((e: unknown) => e);
    expect(isContention(error)).toBe(true);
    expect(await balance()).toEqual(before);
    expect(await count('transaction')).toBe(1);
  });
});
