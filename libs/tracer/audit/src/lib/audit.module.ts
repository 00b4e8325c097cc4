import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditActorInterceptor } from './audit-actor.interceptor';
import { AuditEventsController } from './audit-events.controller';
import { AuditEventsService } from './audit-events.service';
import { AuditTrail } from './audit-trail';

/** The tenant's audit trail: the writer every feature uses, and the read/verify API. */
@Global()
@Module({
  controllers: [AuditEventsController],
  providers: [
    AuditTrail,
    AuditEventsService,
    { provide: APP_INTERCEPTOR, useClass: AuditActorInterceptor },
  ],
  exports: [AuditTrail],
})
export class AuditModule {}
