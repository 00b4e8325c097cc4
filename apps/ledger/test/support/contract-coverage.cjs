// The Jest reporter entry that prints the ledger's contract coverage; used by the ledger's
// e2e config and by the root one (reporters are global options in a multi-project run).
const { join } = require('node:path');

module.exports = [
  join(__dirname, '../../../../libs/testing/src/contract-coverage.reporter.cjs'),
  // Same directory as CONFORMANCE_DIR in ledger-contract.ts.
  {
    directory: join(__dirname, '../../../../tmp/ledger-contract'),
    title: 'Ledger contract coverage',
  },
];
