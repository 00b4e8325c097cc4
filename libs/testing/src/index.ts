export * from './lib/test-database';
export * from './lib/boot-app';
