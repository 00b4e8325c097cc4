module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'ledger-domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
