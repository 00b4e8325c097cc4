import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { DomainError, PlatformErrors } from '@finplat/platform';
import type { Request } from 'express';
import type { AuthOptions } from './auth.config';
import { AUTH_OPTIONS } from './auth.tokens';
import type { TokenClaims } from './jwt.strategy';
import { VerifiedTokens } from './verified-tokens';

/** Routes under this prefix are the product API; everything else (health, docs) is public. */
export const PROTECTED_PREFIX = '/v1/';

export function isProtectedPath(path: string): boolean {
  return path.startsWith(PROTECTED_PREFIX) || path === '/v1';
}

/**
 * Verifies the bearer token on every `/v1` route when PLUGIN_AUTH_ENABLED is on.
 * Failures become 401 with Midaz's codes: 0041 no token, 0042 bad token.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly verified = new VerifiedTokens();

  constructor(@Inject(AUTH_OPTIONS) private readonly options: AuthOptions) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.options.enabled) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: TokenClaims }>();
    if (!isProtectedPath(request.path)) return true;
    const token = bearerToken(request);
    const known = token ? this.verified.get(token) : undefined;
    if (known) {
      request.user = known;
      return true;
    }
    const allowed = (await super.canActivate(context)) as boolean;
    if (allowed && token && request.user) this.verified.remember(token, request.user);
    return allowed;
  }

  override handleRequest<TUser = TokenClaims>(
    error: unknown,
    user: TUser | false,
    info: unknown,
    context: ExecutionContext,
  ): TUser {
    if (user) return user;
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.header('authorization')) {
      throw new DomainError(PlatformErrors.TOKEN_MISSING, 'A bearer token is required.');
    }
    const reason =
      error instanceof Error ? error.message : info instanceof Error ? info.message : '';
    throw new DomainError(
      PlatformErrors.TOKEN_INVALID,
      `The bearer token is not valid${reason ? `: ${reason}` : ''}.`,
    );
  }
}

function bearerToken(request: Request): string | undefined {
  const header = request.header('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
