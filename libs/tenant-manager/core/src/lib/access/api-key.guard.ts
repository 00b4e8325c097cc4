import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@finplat/platform';
import type { Request } from 'express';
import { TenantManagerErrors } from '../tenant-manager.errors';
import { TENANT_MANAGER_OPTIONS, type TenantManagerOptions } from '../tenant-manager.options';
import { ApiKeySet } from './api-key-set';

export const ADMIN_KEY_HEADER = 'X-Admin-Key';
export const SERVICE_KEY_HEADER = 'X-API-Key';

function checkKey(context: ExecutionContext, header: string, keys: ApiKeySet): true {
  const presented = context.switchToHttp().getRequest<Request>().header(header);
  if (!presented) {
    throw new DomainError(TenantManagerErrors.API_KEY_MISSING, `The ${header} header is required.`);
  }
  if (!keys.matches(presented)) {
    throw new DomainError(
      TenantManagerErrors.API_KEY_INVALID,
      `The ${header} header is not valid.`,
    );
  }
  return true;
}

/** Admin routes: `X-Admin-Key` must equal TENANT_MANAGER_ADMIN_KEY. */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly keys: ApiKeySet;

  constructor(@Inject(TENANT_MANAGER_OPTIONS) options: TenantManagerOptions) {
    this.keys = new ApiKeySet([options.adminKey]);
  }

  canActivate(context: ExecutionContext): boolean {
    return checkKey(context, ADMIN_KEY_HEADER, this.keys);
  }
}

/**
 * Service routes: `X-API-Key` must be one of TENANT_MANAGER_SERVICE_API_KEYS. The admin key is
 * deliberately not accepted here: services get credentials of their own, revocable apart.
 */
@Injectable()
export class ServiceKeyGuard implements CanActivate {
  private readonly keys: ApiKeySet;

  constructor(@Inject(TENANT_MANAGER_OPTIONS) options: TenantManagerOptions) {
    this.keys = new ApiKeySet(options.serviceApiKeys);
  }

  canActivate(context: ExecutionContext): boolean {
    return checkKey(context, SERVICE_KEY_HEADER, this.keys);
  }
}
