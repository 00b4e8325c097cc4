import { Delete, Get, Head, HttpCode, Param, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import type { Response } from 'express';

/** What the shared routes need from a resource's service (see LedgerScopedService). */
export interface LedgerScopedReads<R> {
  get(organizationId: string, ledgerId: string, id: string): Promise<R>;
  count(organizationId: string, ledgerId: string): Promise<number>;
  remove(organizationId: string, ledgerId: string, id: string): Promise<void>;
}

export interface LedgerScopedNames {
  /** With its article, for summaries: "a portfolio", "an account type". */
  one: string;
  /** "portfolios", "account types". */
  many: string;
  /** Summary of DELETE when deleting takes more than the row. */
  deleteSummary?: string;
}

/**
 * The routes every resource inside a ledger answers the same way: `HEAD metrics/count`,
 * `GET :id` and `DELETE :id` (soft delete). A resource's controller extends the class this
 * returns and adds create, list and update, whose DTO classes it names itself (validation
 * reads them from the handler's parameter types, which a generic base cannot give).
 */
export function LedgerScopedController<R>(names: LedgerScopedNames) {
  abstract class LedgerScopedRoutes {
    protected abstract readonly service: LedgerScopedReads<R>;

    // Declared before `:id` (base-class routes follow the resource's own) so that HEAD on
    // this path is not taken by GET :id.
    @Head('metrics/count')
    @HttpCode(204)
    @ApiOperation({ summary: `Count ${names.many} (X-Total-Count)` })
    async count(
      @Param('organization_id', UuidParamPipe) organizationId: string,
      @Param('ledger_id', UuidParamPipe) ledgerId: string,
      @Res({ passthrough: true }) res: Response,
    ): Promise<void> {
      res.setHeader('X-Total-Count', String(await this.service.count(organizationId, ledgerId)));
    }

    @Get(':id')
    @ApiOperation({ summary: `Get ${names.one}` })
    get(
      @Param('organization_id', UuidParamPipe) organizationId: string,
      @Param('ledger_id', UuidParamPipe) ledgerId: string,
      @Param('id', UuidParamPipe) id: string,
    ): Promise<R> {
      return this.service.get(organizationId, ledgerId, id);
    }

    @Delete(':id')
    @HttpCode(204)
    @ApiOperation({ summary: names.deleteSummary ?? `Delete ${names.one} (soft delete)` })
    remove(
      @Param('organization_id', UuidParamPipe) organizationId: string,
      @Param('ledger_id', UuidParamPipe) ledgerId: string,
      @Param('id', UuidParamPipe) id: string,
    ): Promise<void> {
      return this.service.remove(organizationId, ledgerId, id);
    }
  }
  return LedgerScopedRoutes;
}
