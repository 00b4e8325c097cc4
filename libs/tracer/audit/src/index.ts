export * from './lib/audit-actor';
export * from './lib/audit-trail';
export * from './lib/audit-event.response';
export * from './lib/audit-events.service';
export * from './lib/audit.module';
