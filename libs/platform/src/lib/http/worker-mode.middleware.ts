import type { NextFunction, Request, Response } from 'express';
import { WORKER_ROUTES } from '../config/run-mode';
import type { ErrorEnvelope } from '../errors/domain-exception.filter';
import { PlatformErrors } from '../errors/platform-errors';

/**
 * RUN_MODE=worker: the instance answers its probes and metrics and nothing else, so a load
 * balancer that sends it API traffic by mistake gets a clear 404 instead of a second API
 * instance nobody planned for.
 */
export function workerModeMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (WORKER_ROUTES.includes(req.path)) {
    next();
    return;
  }
  const body: ErrorEnvelope = {
    code: PlatformErrors.ROUTE_NOT_FOUND.code,
    title: PlatformErrors.ROUTE_NOT_FOUND.title,
    message: `This instance runs with RUN_MODE=worker and serves no API (only ${WORKER_ROUTES.join(', ')}); send requests to an instance with RUN_MODE=api or all.`,
  };
  res.status(404).json(body);
}
