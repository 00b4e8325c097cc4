module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'ledger-onboarding',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
