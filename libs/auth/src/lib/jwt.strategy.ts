import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AUTH_OPTIONS } from './auth.tokens';
import type { AuthOptions } from './auth.config';
import { VerificationKeyResolver, allowedAlgorithms } from './verification-key.resolver';

/** Claims the platform reads from a verified token. */
export interface TokenClaims {
  sub?: string;
  tenantId?: unknown;
  iss?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

/**
 * passport-jwt with pinned algorithms, mandatory `exp`, and `iss`/`aud` checks when
 * configured. The key comes from the JWKS (by `kid`) or the HS256 secret.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions) {
    const keys = new VerificationKeyResolver(options);
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: allowedAlgorithms(options),
      ignoreExpiration: false,
      issuer: options.issuer,
      audience: options.audience,
      jsonWebTokenOptions: { clockTolerance: 5 },
      secretOrKeyProvider: (_req, rawJwt, done) => {
        // jsonwebtoken accepts a KeyObject; passport-jwt's types only list string | Buffer.
        keys.resolve(rawJwt).then(
          (key) => done(null, key as unknown as Buffer),
          (error: unknown) => done(error),
        );
      },
    });
  }

  validate(payload: TokenClaims): TokenClaims {
    if (typeof payload.exp !== 'number') throw new Error('token has no exp claim');
    return payload;
  }
}
