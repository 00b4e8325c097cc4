import { Injectable, PipeTransform } from '@nestjs/common';
import { SERVICES, type ServiceName } from '@finplat/contracts';
import { unknownService } from '../tenant-manager.errors';

/** `ledger`, `tracer` or `reporter`; anything else is 404 TM-0004 (no such association). */
@Injectable()
export class ServiceNamePipe implements PipeTransform<string, ServiceName> {
  transform(value: string): ServiceName {
    if (!(SERVICES as readonly string[]).includes(value)) throw unknownService(value);
    return value as ServiceName;
  }
}
