import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe, type Page } from '@finplat/platform';
import { LEDGER_SCOPED_PATH, MetadataFilter, type MetadataCondition } from '@finplat/ledger-domain';
import { LedgerScopedController } from '../common/ledger-scoped.controller';
import type { AccountTypeResponse } from './dto/account-type.response';
import { CreateAccountTypeDto } from './dto/create-account-type.dto';
import { ListAccountTypesQueryDto } from './dto/list-account-types-query.dto';
import { UpdateAccountTypeDto } from './dto/update-account-type.dto';
import { AccountTypesService } from './account-types.service';

@ApiTags('Account Types')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/account-types`)
export class AccountTypesController extends LedgerScopedController<AccountTypeResponse>({
  one: 'an account type',
  many: 'account types',
}) {
  constructor(protected readonly service: AccountTypesService) {
    super();
  }

  @Post()
  @ApiOperation({ summary: 'Create an account type' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() dto: CreateAccountTypeDto,
  ): Promise<AccountTypeResponse> {
    return this.service.create(organizationId, ledgerId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List account types of a ledger (metadata.<key>=<value> filters)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Query() query: ListAccountTypesQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<AccountTypeResponse>> {
    return this.service.list(organizationId, ledgerId, query, metadata);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an account type' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateAccountTypeDto,
  ): Promise<AccountTypeResponse> {
    return this.service.update(organizationId, ledgerId, id, dto);
  }
}
