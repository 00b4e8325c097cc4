module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'ledger-database',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
