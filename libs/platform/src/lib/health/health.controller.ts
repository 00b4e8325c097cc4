import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ReadinessRegistry } from './readiness.registry';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(private readonly registry: ReadinessRegistry) {}

  /** Liveness: the process is up and serving HTTP. */
  @Get('health')
  health(): { status: string } {
    return { status: 'ok' };
  }

  /**
   * Readiness: every dependency this app registered answers. A dependency reported `degraded`
   * is named in the body but keeps the answer 200 (the app can still serve).
   */
  @Get('readyz')
  async readyz(@Res() res: Response): Promise<void> {
    const results = await Promise.all(
      this.registry.entries().map(async ([name, check]): Promise<[string, string]> => {
        try {
          const outcome = await withTimeout(check(), CHECK_TIMEOUT_MS);
          if (outcome && 'degraded' in outcome) return [name, `degraded: ${outcome.degraded}`];
          return [name, 'up'];
        } catch (error) {
          return [name, `down: ${(error as Error).message}`];
        }
      }),
    );
    const failing = results.filter(([, state]) => state.startsWith('down')).map(([name]) => name);
    const degraded = results.some(([, state]) => state.startsWith('degraded'));
    res.status(failing.length ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK).json({
      status: failing.length ? 'unavailable' : degraded ? 'degraded' : 'ready',
      checks: Object.fromEntries(results),
      ...(failing.length ? { failing } : {}),
    });
  }
}
