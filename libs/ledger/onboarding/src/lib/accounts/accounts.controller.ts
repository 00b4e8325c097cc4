import {
  Body,
  Controller,
  Delete,
  Get,
  Head,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe, type Page } from '@finplat/platform';
import type { Response } from 'express';
import { MetadataFilter, type MetadataCondition } from '../common/metadata-filter';
import { LEDGER_SCOPED_PATH } from '../common/routes';
import { AccountsService } from './accounts.service';
import type { AccountResponse } from './dto/account.response';
import { CreateAccountDto } from './dto/create-account.dto';
import { ListAccountsQueryDto } from './dto/list-accounts-query.dto';
import { UpdateAccountDto } from './dto/update-account.dto';

@ApiTags('Accounts')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/accounts`)
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an account (and its default balance)' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() dto: CreateAccountDto,
  ): Promise<AccountResponse> {
    return this.accounts.create(organizationId, ledgerId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List accounts of a ledger (metadata.<key>=<value> filters)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Query() query: ListAccountsQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<AccountResponse>> {
    return this.accounts.list(organizationId, ledgerId, query, metadata);
  }

  // The fixed paths below are declared before `:id` so that they are never taken for an id.
  @Head('metrics/count')
  @HttpCode(204)
  @ApiOperation({ summary: 'Count accounts (X-Total-Count)' })
  async count(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    res.setHeader('X-Total-Count', String(await this.accounts.count(organizationId, ledgerId)));
  }

  @Get('alias/:alias')
  @ApiOperation({ summary: 'Get an account by alias' })
  getByAlias(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('alias') alias: string,
  ): Promise<AccountResponse> {
    return this.accounts.getByAlias(organizationId, ledgerId, alias);
  }

  @Get('external/:code')
  @ApiOperation({ summary: 'Get the external account of an asset code (@external/{code})' })
  getExternal(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('code') code: string,
  ): Promise<AccountResponse> {
    return this.accounts.getExternal(organizationId, ledgerId, code);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an account' })
  get(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<AccountResponse> {
    return this.accounts.get(organizationId, ledgerId, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an account (external accounts: 0074)' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateAccountDto,
  ): Promise<AccountResponse> {
    return this.accounts.update(organizationId, ledgerId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an account and its balances (soft delete)' })
  remove(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<void> {
    return this.accounts.remove(organizationId, ledgerId, id);
  }
}
