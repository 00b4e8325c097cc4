module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'ledger-transactions',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
