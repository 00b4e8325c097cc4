import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import { CursorQueryDto, LEDGER_SCOPED_PATH, type CursorPage } from '@finplat/ledger-domain';
import { BalancesService, type BalanceList } from './balances.service';
import type { BalanceHistoryResponse, BalanceResponse } from './dto/balance.response';
import { BalanceHistoryQueryDto } from './dto/balance-history-query.dto';
import { CreateBalanceDto } from './dto/create-balance.dto';

/** The balances of one account, addressed by id, alias or external asset code. */
@ApiTags('Balances')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/accounts`)
export class AccountBalancesController {
  constructor(private readonly balances: BalancesService) {}

  // Fixed segments first, so that `alias` / `external` are never taken for an account id.
  @Get('alias/:alias/balances')
  @ApiOperation({ summary: 'The balances of the account with this alias' })
  listByAlias(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('alias') alias: string,
  ): Promise<BalanceList> {
    return this.balances.listByAlias(organizationId, ledgerId, alias);
  }

  @Get('external/:code/balances')
  @ApiOperation({ summary: 'The balances of the external account of an asset (@external/{code})' })
  listExternal(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('code') code: string,
  ): Promise<BalanceList> {
    return this.balances.listExternal(organizationId, ledgerId, code);
  }

  @Get(':account_id/balances')
  @ApiOperation({ summary: 'List the balances of an account (cursor pagination)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('account_id', UuidParamPipe) accountId: string,
    @Query() query: CursorQueryDto,
  ): Promise<CursorPage<BalanceResponse>> {
    return this.balances.listByAccount(organizationId, ledgerId, accountId, query);
  }

  @Post(':account_id/balances')
  @ApiOperation({ summary: 'Open an additional balance of an account under a key' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('account_id', UuidParamPipe) accountId: string,
    @Body() dto: CreateBalanceDto,
  ): Promise<BalanceResponse> {
    return this.balances.createAdditional(organizationId, ledgerId, accountId, dto);
  }

  @Get(':account_id/balances/history')
  @ApiOperation({ summary: 'Every balance of the account as of an instant (?date=…)' })
  history(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('account_id', UuidParamPipe) accountId: string,
    @Query() query: BalanceHistoryQueryDto,
  ): Promise<BalanceHistoryResponse[]> {
    return this.balances.accountHistory(organizationId, ledgerId, accountId, query.date);
  }
}
