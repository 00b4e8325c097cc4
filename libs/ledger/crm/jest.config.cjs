module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'ledger-crm',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
