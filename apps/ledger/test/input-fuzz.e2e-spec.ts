import { randomBytes } from 'node:crypto';
import {
  bootFuzzedApp,
  fuzzAppOver,
  fuzzRuns,
  fuzzTimeoutMs,
  type FuzzedApp,
} from '@finplat/testing';
import { loadTenantServiceConfig } from '@finplat/tenancy';
import request from 'supertest';
import { LEDGER_API_DOCS } from '../src/api-docs';
import { AppModule } from '../src/app.module';

/**
 * Input fuzzing (issue 12, item 7): generated malformed and boundary requests to every route
 * of the ledger's OpenAPI document, against data that exists (so ids reach real rows).
 * FUZZ_RUNS sets how many (`npm run fuzz` runs the full count), FUZZ_SEED replays a run.
 * Booted without the contract recorder: most of these answers are errors the contract does
 * not enumerate per route; what they must be is checked here (code, no 5xx, nothing written).
 */
describe('ledger: input fuzzing over every route (real PostgreSQL)', () => {
  let fuzzed: FuzzedApp;

  beforeAll(async () => {
    fuzzed = await bootFuzzedApp(
      'ledger_fuzz',
      (env) =>
        AppModule.forRoot(loadTenantServiceConfig('ledger', 0, env), undefined, {
          kek: randomBytes(32),
          retiredKeks: [],
        }),
      LEDGER_API_DOCS,
    );
  });

  afterAll(async () => {
    await fuzzed?.close();
  });

  it(
    'answers every generated request below 500, refusals with a code and no write',
    async () => {
      const http = request(fuzzed.app.getHttpServer());
      const org = await http
        .post('/v1/organizations')
        .send({ legalName: 'Fuzz Org', legalDocument: '00000000000191' })
        .expect(201);
      const organizationId: string = org.body.id;
      const ledger = await http
        .post(`/v1/organizations/${organizationId}/ledgers`)
        .send({ name: 'Fuzz' })
        .expect(201);
      const ledgerId: string = ledger.body.id;
      const base = `/v1/organizations/${organizationId}/ledgers/${ledgerId}`;
      await http
        .post(`${base}/assets`)
        .send({ name: 'Dollar', type: 'currency', code: 'USD' })
        .expect(201);
      const accounts: string[] = [];
      for (const alias of ['@fuzz-a', '@fuzz-b']) {
        const res = await http
          .post(`${base}/accounts`)
          .send({ assetCode: 'USD', type: 'deposit', alias })
          .expect(201);
        accounts.push(res.body.id);
      }
      await http
        .post(`${base}/transactions/inflow`)
        .send({
          send: {
            asset: 'USD',
            value: '100.00',
            distribute: {
              to: [{ accountAlias: '@fuzz-a', amount: { asset: 'USD', value: '100.00' } }],
            },
          },
        })
        .expect(201);
      const balances = await http.get(`${base}/accounts/${accounts[0]}/balances`).expect(200);
      const balanceId: string = balances.body.items[0].id;
      // A holder first: it provisions the organization's data key, which the first CRM request
      // would otherwise do (a write that belongs to no refused request).
      const holder = await http
        .post(`/v1/organizations/${organizationId}/holders`)
        .send({
          externalId: 'EXT-F',
          type: 'NATURAL_PERSON',
          name: 'Fuzz Person',
          document: '91315026015',
        })
        .expect(201);
      const holderId: string = holder.body.id;
      const transfer = {
        description: 'fuzz',
        send: {
          asset: 'USD',
          value: '1.00',
          source: { from: [{ accountAlias: '@fuzz-a', amount: { asset: 'USD', value: '1.00' } }] },
          distribute: {
            to: [{ accountAlias: '@fuzz-b', amount: { asset: 'USD', value: '1.00' } }],
          },
        },
      };

      const outcome = await fuzzAppOver(fuzzed.app, fuzzed.database.name, {
        name: 'ledger',
        requests: {
          ids: {
            organization_id: [organizationId],
            ledger_id: [ledgerId],
            account_id: accounts,
            balance_id: [balanceId],
            alias: ['@fuzz-a', '@fuzz-b'],
            asset_code: ['USD'],
            entity_name: ['account', 'transaction'],
            holder_id: [holderId],
          },
          anyIds: [...accounts, balanceId, organizationId, ledgerId, holderId],
          examples: {
            TransactionsController_createJson: transfer,
            TransactionsController_createInflow: { send: { ...transfer.send, source: undefined } },
            TransactionsController_createOutflow: {
              send: { ...transfer.send, distribute: undefined },
            },
          },
        },
      });
      expect(outcome.sent).toBe(fuzzRuns());
    },
    fuzzTimeoutMs(),
  );
});
