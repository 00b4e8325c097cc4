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
import type { AccountTypeResponse } from './dto/account-type.response';
import { CreateAccountTypeDto } from './dto/create-account-type.dto';
import { ListAccountTypesQueryDto } from './dto/list-account-types-query.dto';
import { UpdateAccountTypeDto } from './dto/update-account-type.dto';
import { AccountTypesService } from './account-types.service';

@ApiTags('Account Types')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/account-types`)
export class AccountTypesController {
  constructor(private readonly accountTypes: AccountTypesService) {}

  @Post()
  @ApiOperation({ summary: 'Create an account type' })
  create(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() dto: CreateAccountTypeDto,
  ): Promise<AccountTypeResponse> {
    return this.accountTypes.create(organizationId, ledgerId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List account types of a ledger (metadata.<key>=<value> filters)' })
  list(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Query() query: ListAccountTypesQueryDto,
    @MetadataFilter() metadata: MetadataCondition[],
  ): Promise<Page<AccountTypeResponse>> {
    return this.accountTypes.list(organizationId, ledgerId, query, metadata);
  }

  // Declared before `:id` so that HEAD on this path is not taken by GET :id.
  @Head('metrics/count')
  @HttpCode(204)
  @ApiOperation({ summary: 'Count account types (X-Total-Count)' })
  async count(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    res.setHeader('X-Total-Count', String(await this.accountTypes.count(organizationId, ledgerId)));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an account type' })
  get(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<AccountTypeResponse> {
    return this.accountTypes.get(organizationId, ledgerId, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update an account type' })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateAccountTypeDto,
  ): Promise<AccountTypeResponse> {
    return this.accountTypes.update(organizationId, ledgerId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an account type (soft delete)' })
  remove(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<void> {
    return this.accountTypes.remove(organizationId, ledgerId, id);
  }
}
