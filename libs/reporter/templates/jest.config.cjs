module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'reporter-templates',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
