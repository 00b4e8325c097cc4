module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'reporter-engine',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
