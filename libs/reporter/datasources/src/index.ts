export * from './lib/datasource.config';
export * from './lib/datasource-schema';
export * from './lib/datasource-pools';
export * from './lib/report-filters';
export * from './lib/datasources.service';
export * from './lib/datasources.module';
