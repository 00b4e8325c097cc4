import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { isProtectedPath, JwtAuthGuard, type TokenClaims } from '@finplat/auth';
import { TENANT_ID_PATTERN } from '@finplat/contracts';
import { DomainError, PlatformErrors } from '@finplat/platform';
import type { Request } from 'express';
import { DEFAULT_TENANT_ID } from './static-tenant.source';
import type { TenantScope } from './tenant-context';
import { TenantConnectionsSource } from './tenant-connections.source';
import { TenancyMetrics } from './tenancy.metrics';
import type { TenancyOptions } from './tenancy.config';
import { TENANCY_OPTIONS } from './tenancy.tokens';

export interface TenantRequest extends Request {
  user?: TokenClaims;
  tenantId?: string;
  tenantScope?: TenantScope;
}

/**
 * Decides whose data a `/v1` request may touch. The bearer token is verified first; then the
 * tenant is the verified `tenantId` claim (multi-tenant) or `default` (single-tenant).
 * Headers, paths, queries and bodies are never consulted.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(
    private readonly auth: JwtAuthGuard,
    private readonly source: TenantConnectionsSource,
    @Inject(TENANCY_OPTIONS) private readonly options: TenancyOptions,
    @Optional() private readonly metrics?: TenancyMetrics,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    if (!isProtectedPath(request.path)) return true;
    await this.auth.canActivate(context);

    const tenantId = this.options.multiTenant
      ? this.tenantFromClaims(request.user)
      : DEFAULT_TENANT_ID;
    const connections = await this.source.get(tenantId);
    this.metrics?.request(tenantId);
    request.tenantId = tenantId;
    request.tenantScope = { tenantId, connections };
    return true;
  }

  private tenantFromClaims(claims: TokenClaims | undefined): string {
    const tenantId = claims?.tenantId;
    if (typeof tenantId !== 'string' || !TENANT_ID_PATTERN.test(tenantId)) {
      throw new DomainError(
        PlatformErrors.TOKEN_INVALID,
        'The bearer token carries no valid tenantId claim.',
      );
    }
    return tenantId;
  }
}
