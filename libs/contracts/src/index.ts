export * from './lib/tenant-connections';
