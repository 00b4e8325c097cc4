// Shared Jest settings. Nest 12 ships ESM only, so tests are compiled by SWC to CommonJS
// (ts-jest cannot load it on Node 20); ESM-only dependencies are transformed too.
const esmOnly = ['@nestjs', 'jose', '@marcbachmann', 'uuid'].join('|');

module.exports = {
  testEnvironment: 'node',
  resolver: '@nx/jest/plugins/resolver',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
};
