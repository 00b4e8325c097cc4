import type { ApiDocsOptions } from '@finplat/platform';

export const LEDGER_API_DOCS: ApiDocsOptions = {
  title: 'Ledger',
  description:
    'Midaz-compatible double-entry ledger: organizations, ledgers, assets, accounts, balances, transactions.',
  version: '1.0.0',
};
