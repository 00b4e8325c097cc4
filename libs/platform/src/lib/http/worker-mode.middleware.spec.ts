import type { Request, Response } from 'express';
import { PlatformErrors } from '../errors/platform-errors';
import { workerModeMiddleware } from './worker-mode.middleware';

function call(path: string) {
  const res = { status: jest.fn(), json: jest.fn() };
  res.status.mockReturnValue(res);
  const next = jest.fn();
  workerModeMiddleware({ path } as Request, res as unknown as Response, next);
  return { res, next };
}

describe('workerModeMiddleware (RUN_MODE=worker)', () => {
  it.each(['/health', '/readyz', '/metrics'])('should let %s through', (path) => {
    const { res, next } = call(path);
    expect(next).toHaveBeenCalled();
    expect(res.status).not.toHaveBeenCalled();
  });

  it.each(['/v1/organizations', '/docs', '/'])(
    'should answer %s with 404 naming RUN_MODE',
    (path) => {
      const { res, next } = call(path);
      expect(next).not.toHaveBeenCalled();
      expect(res.status).toHaveBeenCalledWith(404);
      expect(res.json).toHaveBeenCalledWith({
        code: PlatformErrors.ROUTE_NOT_FOUND.code,
        title: 'Route Not Found',
        message: expect.stringContaining('RUN_MODE=worker'),
      });
    },
  );
});
