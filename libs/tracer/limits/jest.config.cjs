module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'tracer-limits',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
