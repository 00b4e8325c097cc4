import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config';
import { runModeEnvShape, runsWorkers, servesApi } from './run-mode';

const schema = z.object(runModeEnvShape);

describe('RUN_MODE', () => {
  it('should default to all, which serves the API and runs the workers', () => {
    const { RUN_MODE } = loadConfig(schema, {});
    expect(RUN_MODE).toBe('all');
    expect([servesApi(RUN_MODE), runsWorkers(RUN_MODE)]).toEqual([true, true]);
  });

  it('should split the API from the workers', () => {
    const api = loadConfig(schema, { RUN_MODE: 'api' }).RUN_MODE;
    const worker = loadConfig(schema, { RUN_MODE: ' worker ' }).RUN_MODE;
    expect([servesApi(api), runsWorkers(api)]).toEqual([true, false]);
    expect([servesApi(worker), runsWorkers(worker)]).toEqual([false, true]);
  });

  it('should refuse anything else, naming the variable and the choices', () => {
    expect(() => loadConfig(schema, { RUN_MODE: 'both' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { RUN_MODE: 'both' })).toThrow(
      /RUN_MODE: expected one of api, worker, all/,
    );
  });
});
