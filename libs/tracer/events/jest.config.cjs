module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'tracer-events',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
