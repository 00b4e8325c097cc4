import { envBoolean, envUrl } from '@finplat/platform';
import { z } from 'zod';

export const authEnvShape = {
  PLUGIN_AUTH_ENABLED: envBoolean(false),
  AUTH_JWKS_URL: envUrl(['http', 'https']).optional(),
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters for HS256').optional(),
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
};

export interface AuthOptions {
  enabled: boolean;
  /** RS256/ES256 verification keys; exclusive with `secret`. */
  jwksUrl?: string;
  /** HS256 shared secret; exclusive with `jwksUrl`. */
  secret?: string;
  issuer?: string;
  audience?: string;
}

type AuthEnv = {
  PLUGIN_AUTH_ENABLED: boolean;
  AUTH_JWKS_URL?: string;
  AUTH_JWT_SECRET?: string;
  AUTH_ISSUER?: string;
  AUTH_AUDIENCE?: string;
};

/**
 * Resolves the verification source. Without AUTH_JWKS_URL or AUTH_JWT_SECRET the
 * tenant-manager's JWKS is used when one is known (multi-tenant mode).
 */
export function authOptionsFrom(env: AuthEnv, defaultJwksUrl?: string): AuthOptions {
  return {
    enabled: env.PLUGIN_AUTH_ENABLED,
    secret: env.AUTH_JWT_SECRET,
    jwksUrl: env.AUTH_JWT_SECRET ? undefined : (env.AUTH_JWKS_URL ?? defaultJwksUrl),
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
  };
}

/** Adds the cross-variable problems of auth settings to a zod refinement context. */
export function checkAuthEnv(env: AuthEnv, ctx: z.RefinementCtx, defaultJwksUrl?: string): void {
  if (env.AUTH_JWKS_URL && env.AUTH_JWT_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_JWT_SECRET'],
      message: 'set either AUTH_JWKS_URL or AUTH_JWT_SECRET, not both',
    });
  }
  if (env.PLUGIN_AUTH_ENABLED && !env.AUTH_JWKS_URL && !env.AUTH_JWT_SECRET && !defaultJwksUrl) {
    ctx.addIssue({
      code: 'custom',
      path: ['AUTH_JWKS_URL'],
      message:
        'PLUGIN_AUTH_ENABLED=true needs AUTH_JWKS_URL or AUTH_JWT_SECRET (or MULTI_TENANT_URL)',
    });
  }
}
