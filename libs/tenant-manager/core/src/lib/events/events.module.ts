import { Global, Module } from '@nestjs/common';
import { TenantEventsPublisher } from './tenant-events.publisher';

@Global()
@Module({ providers: [TenantEventsPublisher], exports: [TenantEventsPublisher] })
export class EventsModule {}
