export * from './lib/limit-periods';
export * from './lib/limit.entity';
export * from './lib/limit-guard';
export * from './lib/limits.service';
export * from './lib/limits.module';
