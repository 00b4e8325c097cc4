export * from './lib/test-database';
export * from './lib/boot-app';
export * from './lib/private-postgres';
