import { Injectable } from '@nestjs/common';

/**
 * A check throws when its dependency is down. It may instead resolve `{ degraded: reason }`:
 * the dependency is unreachable but the app still serves (e.g. tenant settings from cache), so
 * /readyz reports it and stays 200.
 */
export type ReadinessCheck = () => Promise<void | { degraded: string }>;

/**
 * Modules register what their app depends on (a database, a broker, tenant-manager);
 * /readyz runs every check. Keeps the health module ignorant of what it checks.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks.entries()];
  }
}
