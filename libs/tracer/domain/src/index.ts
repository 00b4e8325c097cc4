export * from './lib/tracer.errors';
export * from './lib/tracer-uuid.pipe';
export * from './lib/lifecycle';
export * from './lib/scope';
export * from './lib/scope.dto';
export * from './lib/list-query';
export * from './lib/tracer.options';
export * from './lib/tracer-options.module';
