module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'reporter-datasources',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
