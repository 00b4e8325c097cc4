import { Logger } from '@nestjs/common';
import { UndoStack } from './undo-stack';

describe('UndoStack', () => {
  const logger = new Logger('test');
  beforeAll(() => jest.spyOn(logger, 'error').mockImplementation(() => undefined));

  it('should run compensations newest first, with the given context', async () => {
    const order: string[] = [];
    const undo = new UndoStack<{ tag: string }>();
    for (const step of ['role', 'database', 'schema']) {
      undo.push(step, async ({ tag }) => void order.push(`${tag}:${step}`));
    }
    expect(undo.size).toBe(3);
    await expect(undo.unwind({ tag: 'x' }, logger)).resolves.toEqual([]);
    expect(order).toEqual(['x:schema', 'x:database', 'x:role']);
    expect(undo.size).toBe(0);
  });

  it('should keep going when a compensation fails, and report what was left behind', async () => {
    const ran: string[] = [];
    const undo = new UndoStack<void>();
    undo.push('vhost', async () => void ran.push('vhost'));
    undo.push('role', async () => {
      throw new Error('role is busy');
    });
    undo.push('database', async () => void ran.push('database'));
    await expect(undo.unwind(undefined, logger)).resolves.toEqual(['role']);
    expect(ran).toEqual(['database', 'vhost']);
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('role is busy'));
  });

  it('should run each compensation once', async () => {
    const run = jest.fn(async () => undefined);
    const undo = new UndoStack<void>();
    undo.push('once', run);
    await undo.unwind(undefined, logger);
    await undo.unwind(undefined, logger);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
