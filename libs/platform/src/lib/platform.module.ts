import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { DependencyOutages } from './errors/dependency-outages';
import { RUN_MODE, type RunMode } from './config/run-mode';
import { DomainExceptionFilter } from './errors/domain-exception.filter';
import { HealthController } from './health/health.controller';
import { ReadinessRegistry } from './health/readiness.registry';
import { PlatformLogger } from './logging/platform-logger';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry } from './metrics/metrics.registry';
import { PlatformValidationPipe } from './validation/validation.pipe';

export interface PlatformModuleOptions {
  /** Service name, as it appears in logs. */
  service: string;
  logLevel: string;
  /** RUN_MODE: whether this instance serves the API, runs workers, or both (default `all`). */
  runMode?: RunMode;
}

/**
 * Cross-cutting behaviour every app shares: JSON logs, request ids, the error envelope,
 * strict validation, /health, /readyz and Prometheus /metrics, and the instance's RUN_MODE
 * (injectable as RUN_MODE) for whatever starts background work.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [HealthController, MetricsController],
      providers: [
        ReadinessRegistry,
        {
          provide: PlatformLogger,
          useFactory: () => PlatformLogger.create(options.service, options.logLevel),
        },
        { provide: DependencyOutages, useFactory: () => new DependencyOutages() },
        { provide: RUN_MODE, useValue: options.runMode ?? 'all' },
        { provide: MetricsRegistry, useFactory: () => new MetricsRegistry(options.service) },
        { provide: APP_FILTER, useClass: DomainExceptionFilter },
        { provide: APP_PIPE, useClass: PlatformValidationPipe },
      ],
      exports: [ReadinessRegistry, MetricsRegistry, PlatformLogger, DependencyOutages, RUN_MODE],
    };
  }
}
