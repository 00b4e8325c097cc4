import { Injectable, PipeTransform } from '@nestjs/common';
import { invalidTenantId } from '../tenant-manager.errors';
import { isValidTenantId } from './tenant-id';

/** Path tenant ids: anything outside the pattern is 400 TM-0001 before any lookup. */
@Injectable()
export class TenantIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isValidTenantId(value)) throw invalidTenantId(value);
    return value;
  }
}
