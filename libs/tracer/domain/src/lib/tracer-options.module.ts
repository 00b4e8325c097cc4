import { DynamicModule, Module } from '@nestjs/common';
import { TRACER_OPTIONS, type TracerOptions } from './tracer.options';

/** Makes the tracer's validated settings injectable everywhere (TRACER_OPTIONS). */
@Module({})
export class TracerOptionsModule {
  static forRoot(options: TracerOptions): DynamicModule {
    return {
      module: TracerOptionsModule,
      global: true,
      providers: [{ provide: TRACER_OPTIONS, useValue: options }],
      exports: [TRACER_OPTIONS],
    };
  }
}
