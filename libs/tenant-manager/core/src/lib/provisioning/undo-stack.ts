import type { Logger } from '@nestjs/common';

interface UndoStep<C> {
  label: string;
  run: (context: C) => Promise<void>;
}

/**
 * Compensations for work that cannot share a transaction (CREATE DATABASE, roles, vhosts):
 * each step that succeeded registers how to take it back; on failure they run newest first.
 * A compensation that fails is logged as left behind, and the others still run.
 */
export class UndoStack<C> {
  private readonly steps: UndoStep<C>[] = [];

  push(label: string, run: (context: C) => Promise<void>): void {
    this.steps.push({ label, run });
  }

  get size(): number {
    return this.steps.length;
  }

  /** Runs every compensation; returns the labels of those that failed. */
  async unwind(context: C, logger: Logger): Promise<string[]> {
    const leftBehind: string[] = [];
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run(context);
      } catch (error) {
        leftBehind.push(step.label);
        logger.error(`rollback could not remove ${step.label}: ${(error as Error).message}`);
      }
    }
    return leftBehind;
  }
}
