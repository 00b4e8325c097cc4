export * from './lib/auth.config';
export * from './lib/auth.tokens';
export * from './lib/auth.module';
export * from './lib/jwt-auth.guard';
export * from './lib/jwt.strategy';
export * from './lib/verification-key.resolver';
