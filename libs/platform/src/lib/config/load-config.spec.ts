import { z } from 'zod';
import { ConfigError, envBoolean, envInt, envUrl, loadConfig } from './load-config';

const schema = z.object({
  FLAG: envBoolean(false),
  COUNT: envInt(5, 1, 10),
  URL: envUrl(['http']).optional(),
});

describe('loadConfig', () => {
  it('should apply defaults and treat blank values as unset', () => {
    expect(loadConfig(schema, { FLAG: ' ', COUNT: '' })).toEqual({ FLAG: false, COUNT: 5 });
  });

  it('should parse valid values', () => {
    expect(loadConfig(schema, { FLAG: 'TRUE', COUNT: '7', URL: 'http://x' })).toEqual({
      FLAG: true,
      COUNT: 7,
      URL: 'http://x',
    });
  });

  it('should name every invalid variable in one error', () => {
    expect.assertions(4);
    try {
      loadConfig(schema, { FLAG: 'yes', COUNT: '11', URL: 'ftp://x' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const { message } = error as ConfigError;
      expect(message).toContain('FLAG');
      expect(message).toContain('COUNT: must be between 1 and 10');
      expect(message).toContain('URL');
    }
  });
});
