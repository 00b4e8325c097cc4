module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'tracer-domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
