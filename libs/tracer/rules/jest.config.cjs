module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'tracer-rules',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
