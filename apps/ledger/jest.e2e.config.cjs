module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'ledger-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 30000,
  // Every response of these suites is checked against the Midaz contract (test/support);
  // the reporter prints which of its operations the run exercised.
  setupFilesAfterEnv: ['<rootDir>/test/support/contract-conformance.setup.ts'],
  reporters: ['default', require('./test/support/contract-coverage.cjs')],
};
