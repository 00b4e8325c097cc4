module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'tenant-manager-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 30000,
};
