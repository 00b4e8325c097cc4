import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import { CursorQueryDto, LEDGER_SCOPED_PATH, type CursorPage } from '@finplat/ledger-domain';
import { BalancesService } from './balances.service';
import type { BalanceHistoryResponse, BalanceResponse } from './dto/balance.response';
import { BalanceHistoryQueryDto } from './dto/balance-history-query.dto';
import { UpdateBalanceDto } from './dto/update-balance.dto';

@ApiTags('Balances')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/balances`)
export class BalancesController {
  constructor(private readonly balances: BalancesService) {}

  @Get()
  @ApiOperation({ summary: 'List the balances of a ledger (cursor pagination)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Query() query: CursorQueryDto,
  ): Promise<CursorPage<BalanceResponse>> {
    return this.balances.list(organizationId, ledgerId, query);
  }

  @Get(':balance_id')
  @ApiOperation({ summary: 'Get a balance' })
  get(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('balance_id', UuidParamPipe) id: string,
  ): Promise<BalanceResponse> {
    return this.balances.get(organizationId, ledgerId, id);
  }

  @Patch(':balance_id')
  @ApiOperation({ summary: 'Update allowSending / allowReceiving of a balance' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('balance_id', UuidParamPipe) id: string,
    @Body() dto: UpdateBalanceDto,
  ): Promise<BalanceResponse> {
    return this.balances.update(organizationId, ledgerId, id, dto);
  }

  @Delete(':balance_id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an empty balance (funds: 0093; the default balance: 0008)',
  })
  remove(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('balance_id', UuidParamPipe) id: string,
  ): Promise<void> {
    return this.balances.remove(organizationId, ledgerId, id);
  }

  @Get(':balance_id/history')
  @ApiOperation({ summary: 'The balance as of an instant (?date=yyyy-mm-dd hh:mm:ss)' })
  history(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('balance_id', UuidParamPipe) id: string,
    @Query() query: BalanceHistoryQueryDto,
  ): Promise<BalanceHistoryResponse> {
    return this.balances.historyOf(organizationId, ledgerId, id, query.date);
  }
}
