import { createTestDatabase, type TestDatabase } from '@finplat/testing';
import { api, ledgerWithAccounts, transferBody, type LedgerTarget } from '../src/ledger-client';
import { startApp, type RunningApp } from '../src/processes';
import { generateReport } from '../src/reporter-client';

/**
 * Single-tenant, as `npm start` runs it: the ledger and the reporter as built processes; the
 * reporter reads the ledger's own database (its default data sources) with no ledger API call.
 */
describe('reporter over real ledger data (single-tenant, built apps)', () => {
  let ledgerDb: TestDatabase;
  let reporterDb: TestDatabase;
  let ledger: RunningApp;
  let reporter: RunningApp;
  let target: LedgerTarget;

  beforeAll(async () => {
    ledgerDb = await createTestDatabase('rep_ledger');
    reporterDb = await createTestDatabase('rep_reporter');
    ledger = await startApp('ledger', { DATABASE_URL: ledgerDb.url });
    reporter = await startApp('reporter', {
      DATABASE_URL: reporterDb.url,
      DATASOURCE_MIDAZ_ONBOARDING_DATABASE: ledgerDb.name,
      DATASOURCE_MIDAZ_TRANSACTION_DATABASE: ledgerDb.name,
      REPORT_POLL_INTERVAL_MS: '100',
    });
    target = { label: 'single', url: ledger.url, placement: { database: ledgerDb.name } };
  });

  afterAll(async () => {
    await reporter?.stop();
    await ledger?.stop();
    await reporterDb?.drop();
    await ledgerDb?.drop();
  });

  const report = async (template: string, outputFormat: string, filters: unknown) => {
    const done = await generateReport(reporter.url, undefined, {
      content: template,
      fileName: 'r.tpl',
      outputFormat,
      description: 'ledger data',
      filters,
    });
    if (done.status !== 'Finished')
      throw new Error(`report failed: ${JSON.stringify(done.metadata)}`);
    const file = await fetch(`${reporter.url}/v1/reports/${done.id}/download`);
    return {
      contentType: file.headers.get('content-type'),
      body: Buffer.from(await file.arrayBuffer()),
    };
  };

  it('should report the operations and balances built through the ledger API, exactly', async () => {
    const fixture = await ledgerWithAccounts(target, ['@alice', '@bob'], '100.00');
    const moved = await api(
      target,
      'POST',
      `${fixture.base}/transactions/json`,
      transferBody('@alice', '@bob', '30.25'),
    );
    expect(moved.status).toBe(201);
    const organizationId = fixture.base.split('/')[3];

    const csv = await report(
      'alias;credits;debits;operations\n' +
        '{% for a in ["@alice", "@bob"] %}{{ a }};' +
        '{% sum_by midaz_transaction.operation by "amount" if account_alias == a and type == "CREDIT" %};' +
        '{% sum_by midaz_transaction.operation by "amount" if account_alias == a and type == "DEBIT" %};' +
        '{% count_by midaz_transaction.operation if account_alias == a %}\n{% endfor %}' +
        'credited: {% sum_by midaz_transaction.operation by "amount" if type == "CREDIT" %}\n' +
        '{% for o in midaz_onboarding.organization %}{{ o.legal_name }}{% endfor %}',
      'csv',
      {
        midaz_onboarding: { organization: { id: { eq: [organizationId] } } },
        midaz_transaction: {
          operation: {
            organization_id: { eq: [organizationId] },
            account_alias: { in: ['@alice', '@bob'] },
          },
        },
      },
    );
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    expect(csv.body.toString()).toBe(
      'alias;credits;debits;operations\n@alice;100;30.25;2\n@bob;130.25;0;2\ncredited: 230.25\nInvariants Ltd',
    );

    const balances = await report(
      '{% for b in midaz_transaction.balance|sort(false, false, "alias") %}{{ b.alias }}={{ b.available|floatformat:2 }};{% endfor %}',
      'txt',
      {
        midaz_transaction: {
          balance: { organization_id: { eq: [organizationId] }, alias: { in: ['@alice', '@bob'] } },
        },
      },
    );
    expect(balances.body.toString()).toBe('@alice=69.75;@bob=130.25;');
  });

  it('should never let another organization in when the filters name one', async () => {
    const other = await ledgerWithAccounts(target, ['@carol'], '5.00');
    const otherOrg = other.base.split('/')[3];
    const csv = await report(
      '{% for op in midaz_transaction.operation|sort(false, false, "account_alias") %}{{ op.account_alias }};{% endfor %}',
      'txt',
      { midaz_transaction: { operation: { organization_id: { eq: [otherOrg] } } } },
    );
    // Its funding: @external/USD's debit and @carol's credit, nothing of the first organization.
    expect(csv.body.toString()).toBe('@carol;@external/USD;');
  });
});
