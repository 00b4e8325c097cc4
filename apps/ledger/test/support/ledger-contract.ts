import { join, relative } from 'node:path';
import {
  ContractConformance,
  findContractFile,
  OpenApiContract,
  routedOperations,
  type ObservedResponse,
} from '@finplat/testing';
import type { RoutedApp } from '@finplat/platform';

/** Where the Midaz contract sits relative to a directory above the checkout. */
const CONTRACT_FILE = 'shared/reference/midaz-ledger.openapi.yaml';
/** Overrides where the contract is read from. */
export const CONTRACT_ENV = 'LEDGER_CONTRACT_SPEC';
/** Where each suite writes what it saw, for the run's coverage table. */
export const CONFORMANCE_DIR = join(__dirname, '../../../../tmp/ledger-contract');

/**
 * The contract leaves `items` of these collections untyped; each item must be the entity
 * the collection lists.
 */
const ITEM_SCHEMAS: Record<string, string> = {
  listOrganizations: 'Organization',
  listLedgers: 'Ledger',
  listAssets: 'Asset',
  listPortfolios: 'Portfolio',
  listSegments: 'Segment',
  listAccounts: 'Account',
  listAccountTypes: 'AccountType',
  listHolders: 'Holder',
  listAccountsByHolder: 'Account',
  listInstruments: 'Instrument',
  getAllBalances: 'Balance',
  getAllBalancesByAccountID: 'Balance',
  getBalancesByAlias: 'Balance',
  getBalancesExternalByCode: 'Balance',
  getAllOperationsByAccount: 'Operation',
  getAllTransactions: 'Transaction',
  getAllAssetRatesByAssetCode: 'AssetRate',
  listOperationRoutes: 'OperationRoute',
  listTransactionRoutes: 'TransactionRoute',
  getAllPackages: 'FeePackage',
  getAllBillingPackages: 'FeeBillingPackage',
};

/**
 * Error bodies keep the envelope Midaz sends, `{code, title, message}` plus `entityType` and
 * per-field `fields`, rather than the problem+json the generated contract describes
 * (docs/ledger-contract-coverage.md). Codes are Midaz's numeric ones (CRM-NNNN for CRM).
 */
const ERROR_ENVELOPE = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'title', 'message'],
  properties: {
    code: { type: 'string', pattern: '^(\\d{4}|CRM-\\d{4})$' },
    title: { type: 'string', minLength: 1 },
    message: { type: 'string', minLength: 1 },
    entityType: { type: 'string' },
    fields: { type: 'object', additionalProperties: { type: 'string' } },
    // On 503s: the failure was a dependency's and the request may be sent again (decision 0046).
    retryable: { const: true },
  },
};

const ESTIMATE_LEG = {
  type: 'object',
  additionalProperties: false,
  required: ['accountAlias', 'balanceKey', 'amount'],
  properties: {
    accountAlias: { type: 'string' },
    balanceKey: { type: 'string' },
    amount: {
      type: 'object',
      additionalProperties: false,
      required: ['asset', 'value'],
      properties: { asset: { type: 'string' }, value: { type: 'string' } },
    },
    description: { type: 'string' },
    routeId: { type: 'string', format: 'uuid' },
  },
};

/**
 * Operations whose contract types the body as bytes (Midaz's generated `[]byte`): the JSON
 * the ledger documents for them instead (docs/ledger-contract-coverage.md).
 */
const RESPONSE_SCHEMAS: Record<string, Record<string, unknown>> = {
  estimateFeeCalculation: {
    type: 'object',
    additionalProperties: false,
    required: ['packageId', 'feeGroupLabel', 'waived', 'fees', 'totalFees', 'transaction'],
    properties: {
      packageId: { type: 'string' },
      feeGroupLabel: { type: 'string' },
      waived: { type: 'boolean' },
      totalFees: { type: 'string', pattern: '^\\d+(\\.\\d+)?$' },
      fees: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'feeLabel', 'amount', 'creditAccount', 'isDeductibleFrom', 'payer'],
          properties: {
            name: { type: 'string' },
            feeLabel: { type: 'string' },
            amount: { type: 'string', pattern: '^\\d+(\\.\\d+)?$' },
            creditAccount: { type: 'string' },
            isDeductibleFrom: { type: 'boolean' },
            payer: { type: 'string' },
          },
        },
      },
      transaction: {
        type: 'object',
        additionalProperties: false,
        required: ['send'],
        properties: {
          send: {
            type: 'object',
            additionalProperties: false,
            required: ['asset', 'value', 'source', 'distribute'],
            properties: {
              asset: { type: 'string' },
              value: { type: 'string' },
              source: {
                type: 'object',
                additionalProperties: false,
                required: ['from'],
                properties: { from: { type: 'array', items: ESTIMATE_LEG } },
              },
              distribute: {
                type: 'object',
                additionalProperties: false,
                required: ['to'],
                properties: { to: { type: 'array', items: ESTIMATE_LEG } },
              },
            },
          },
        },
      },
    },
  },
};

let contract: OpenApiContract | undefined;
let contractPath: string | null | undefined;

/**
 * Where the contract is, or null: the reference material sits outside the checkout, and a
 * checkout without it still runs every suite's own assertions (once warned), just unchecked
 * against the contract.
 */
function locateContract(): string | null {
  if (contractPath === undefined) {
    try {
      contractPath = findContractFile(CONTRACT_FILE, process.cwd(), CONTRACT_ENV);
    } catch (error) {
      contractPath = null;
      console.warn(`Midaz contract conformance is off: ${(error as Error).message}`);
    }
  }
  return contractPath;
}

/** The ledger's contract, compiled once per test file. */
export function ledgerContract(): OpenApiContract {
  const path = locateContract();
  if (!path) throw new Error(`Midaz contract not found; set ${CONTRACT_ENV} to its path`);
  contract ??= OpenApiContract.load(path, {
    itemSchemas: ITEM_SCHEMAS,
    responseSchemas: RESPONSE_SCHEMAS,
    errorSchema: ERROR_ENVELOPE,
    // The generated contract documents creates as 200; Midaz answers them 201.
    statusAliases: { POST: { 201: 200 } },
    tolerate: [
      {
        at: /\/address\/country$/,
        keyword: 'minLength',
        reason: 'an organization created without a country: Midaz sends "" too',
      },
      {
        at: /^\/instrument$/,
        keyword: 'type',
        reason: 'an account opened with no instrument: Midaz answers instrument null',
      },
    ],
  });
  return contract;
}

let conformance: ContractConformance | undefined;

/** This test file's conformance record (see contract-conformance.setup.ts). */
export function suiteConformance(): ContractConformance {
  if (!conformance) {
    const testPath = expect.getState().testPath ?? 'unknown';
    conformance = new ContractConformance(
      ledgerContract(),
      relative(process.cwd(), testPath),
      '/v1',
    );
  }
  return conformance;
}

export const observeLedgerResponse = (observed: ObservedResponse): void => {
  if (locateContract()) suiteConformance().observe(observed);
};

/** Records which contract operations the booted ledger has routes for. */
export const noteLedgerRoutes = (app: RoutedApp): void => {
  if (locateContract()) suiteConformance().noteRouted(routedOperations(ledgerContract(), app));
};

/** Whether anything in this file was observed (a file that boots no ledger writes nothing). */
export const conformanceStarted = (): boolean => conformance !== undefined;
