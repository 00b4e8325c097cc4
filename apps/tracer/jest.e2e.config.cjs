module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'tracer-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 30000,
};
