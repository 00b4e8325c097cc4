import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

/**
 * Two dimensions of tags: scope (which product) and type (what kind of code). Apps never
 * import apps; a scope reaches only itself and shared code.
 */
function boundaries({ testing }) {
  const withTesting = (tags) => (testing ? [...tags, 'type:testing'] : tags);
  return {
    enforceBuildableLibDependency: true,
    allow: [],
    depConstraints: [
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: withTesting(['type:feature', 'type:data-access', 'type:util']),
      },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:util', 'type:testing'] },
      {
        sourceTag: 'type:feature',
        onlyDependOnLibsWithTags: withTesting(['type:feature', 'type:data-access', 'type:util']),
      },
      {
        sourceTag: 'type:data-access',
        onlyDependOnLibsWithTags: withTesting(['type:data-access', 'type:util']),
      },
      { sourceTag: 'type:util', onlyDependOnLibsWithTags: withTesting(['type:util']) },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:testing'] },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:ledger', onlyDependOnLibsWithTags: ['scope:ledger', 'scope:shared'] },
      { sourceTag: 'scope:tracer', onlyDependOnLibsWithTags: ['scope:tracer', 'scope:shared'] },
      { sourceTag: 'scope:reporter', onlyDependOnLibsWithTags: ['scope:reporter', 'scope:shared'] },
      {
        sourceTag: 'scope:tenant-manager',
        onlyDependOnLibsWithTags: ['scope:tenant-manager', 'scope:shared'],
      },
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/.data', '**/*.cjs', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries({ testing: false })],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The ledger's domain knows nothing of storage: entities, SQL and TypeORM live in
    // ledger/database (decision 0015).
    files: ['libs/ledger/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: 'persistence belongs in @finplat/ledger-database' },
            { name: 'pg', message: 'persistence belongs in @finplat/ledger-database' },
          ],
        },
      ],
    },
  },
  {
    // Specs may also use the shared test helpers (libs/testing); production code may not.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', 'apps/platform-e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries({ testing: true })],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
];
