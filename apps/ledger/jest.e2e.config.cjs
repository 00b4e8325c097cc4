module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'ledger-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 30000,
};
