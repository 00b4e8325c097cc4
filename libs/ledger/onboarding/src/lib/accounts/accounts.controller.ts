import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe, type Page } from '@finplat/platform';
import { LEDGER_SCOPED_PATH, MetadataFilter, type MetadataCondition } from '@finplat/ledger-domain';
import { LedgerScopedController } from '../common/ledger-scoped.controller';
import { AccountsService } from './accounts.service';
import type { AccountResponse } from './dto/account.response';
import { CreateAccountDto } from './dto/create-account.dto';
import { ListAccountsQueryDto } from './dto/list-accounts-query.dto';
import { UpdateAccountDto } from './dto/update-account.dto';

@ApiTags('Accounts')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/accounts`)
export class AccountsController extends LedgerScopedController<AccountResponse>({
  one: 'an account',
  many: 'accounts',
  deleteSummary: 'Delete an account and its balances (soft delete)',
}) {
  constructor(protected readonly service: AccountsService) {
    super();
  }

  @Post()
  @ApiOperation({ summary: 'Create an account (and its default balance)' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() dto: CreateAccountDto,
  ): Promise<AccountResponse> {
    return this.service.create(organizationId, ledgerId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List accounts of a ledger (metadata.<key>=<value> filters)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Query() query: ListAccountsQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<AccountResponse>> {
    return this.service.list(organizationId, ledgerId, query, metadata);
  }

  @Get('alias/:alias')
  @ApiOperation({ summary: 'Get an account by alias' })
  getByAlias(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('alias') alias: string,
  ): Promise<AccountResponse> {
    return this.service.getByAlias(organizationId, ledgerId, alias);
  }

  @Get('external/:code')
  @ApiOperation({ summary: 'Get the external account of an asset code (@external/{code})' })
  getExternal(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('code') code: string,
  ): Promise<AccountResponse> {
    return this.service.getExternal(organizationId, ledgerId, code);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an account (external accounts: 0074)' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateAccountDto,
  ): Promise<AccountResponse> {
    return this.service.update(organizationId, ledgerId, id, dto);
  }
}
