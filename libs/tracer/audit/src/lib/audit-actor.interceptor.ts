import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { TRACER_OPTIONS, type TracerOptions } from '@finplat/tracer-domain';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { AuditActors, ClientAddressResolver, type AuditActor } from './audit-actor';

interface TokenUser {
  sub?: unknown;
  name?: unknown;
  role?: unknown;
  client_id?: unknown;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Puts the request's actor (the verified token's subject, or `anonymous` when auth is off)
 * and client address where the audit trail finds them.
 */
@Injectable()
export class AuditActorInterceptor implements NestInterceptor {
  private readonly addresses: ClientAddressResolver;

  constructor(@Inject(TRACER_OPTIONS) options: TracerOptions) {
    this.addresses = new ClientAddressResolver(options.trustedProxyCidrs);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { user?: TokenUser }>();
    const actor = this.actorOf(request);
    return new Observable((subscriber) =>
      AuditActors.run(actor, () => next.handle().subscribe(subscriber)),
    );
  }

  private actorOf(request: Request & { user?: TokenUser }): AuditActor {
    const ipAddress = this.addresses.resolve(
      request.socket?.remoteAddress,
      request.headers['x-forwarded-for'],
    );
    const user = request.user;
    const subject = text(user?.sub);
    if (!subject) return { actorType: 'system', id: 'anonymous', name: 'anonymous', ipAddress };
    return {
      actorType: 'user',
      id: subject,
      name: text(user?.name) ?? text(user?.client_id) ?? subject,
      ...(text(user?.role) ? { role: text(user?.role) } : {}),
      ipAddress,
    };
  }
}
