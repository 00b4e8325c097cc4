import { DynamicModule, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import type { AuthOptions } from './auth.config';
import { AUTH_OPTIONS } from './auth.tokens';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';

/**
 * Bearer-token verification. The guard is exported rather than installed globally so the
 * tenancy guard can run it first, in a fixed order.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [PassportModule],
      providers: [{ provide: AUTH_OPTIONS, useValue: options }, JwtStrategy, JwtAuthGuard],
      exports: [AUTH_OPTIONS, JwtAuthGuard],
    };
  }
}
