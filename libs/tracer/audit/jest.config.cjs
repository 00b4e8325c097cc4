module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'tracer-audit',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
