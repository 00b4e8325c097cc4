import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { TenantContext } from './tenant-context';
import type { TenantRequest } from './tenant.guard';

/** Runs the handler inside the tenant context the guard resolved. */
@Injectable()
export class TenantContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const scope = context.switchToHttp().getRequest<TenantRequest>().tenantScope;
    if (!scope) return next.handle();
    return new Observable((subscriber) =>
      TenantContext.run(scope, () => next.handle().subscribe(subscriber)),
    );
  }
}
