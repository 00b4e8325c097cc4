export * from './lib/decimal';
export * from './lib/ledger.errors';
export * from './lib/not-found';
export * from './lib/metadata';
export * from './lib/metadata-filter';
export * from './lib/list-query.dto';
export * from './lib/cursor-page';
export * from './lib/routes';
