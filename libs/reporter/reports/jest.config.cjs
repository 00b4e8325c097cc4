module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'reporter-reports',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
