module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'tracer-validations',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
