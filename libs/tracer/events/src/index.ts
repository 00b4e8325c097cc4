export * from './lib/tracer-events';
export * from './lib/tracer-events.module';
