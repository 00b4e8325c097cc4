module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'reporter-domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
