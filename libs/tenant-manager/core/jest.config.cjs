module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'tenant-manager-core',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
