import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import { LEDGER_SCOPED_PATH, type CursorPage } from '@finplat/ledger-domain';
import type { OperationResponse } from '../transactions/transaction.response';
import { ListOperationsQueryDto } from './dto/list-operations-query.dto';
import { UpdateOperationDto } from './dto/update-operation.dto';
import { OperationsService } from './operations.service';

@ApiTags('Operations')
@ApiBearerAuth()
@Controller(LEDGER_SCOPED_PATH)
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get('accounts/:account_id/operations')
  @ApiOperation({ summary: "List an account's operations (cursor pagination)" })
  list(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('account_id', UuidParamPipe) account: string,
    @Query() query: ListOperationsQueryDto,
  ): Promise<CursorPage<OperationResponse>> {
    return this.operations.listByAccount(org, ledger, account, query);
  }

  @Get('accounts/:account_id/operations/:operation_id')
  @ApiOperation({ summary: 'Get one operation of an account' })
  get(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('account_id', UuidParamPipe) account: string,
    @Param('operation_id', UuidParamPipe) id: string,
  ): Promise<OperationResponse> {
    return this.operations.get(org, ledger, account, id);
  }

  @Patch('transactions/:transaction_id/operations/:operation_id')
  @ApiOperation({ summary: 'Update the description or metadata of an operation' })
  update(
    @Param('organization_id', UuidParamPipe) org: string,
    @Param('ledger_id', UuidParamPipe) ledger: string,
    @Param('transaction_id', UuidParamPipe) transactionId: string,
    @Param('operation_id', UuidParamPipe) id: string,
    @Body() dto: UpdateOperationDto,
  ): Promise<OperationResponse> {
    return this.operations.update(org, ledger, transactionId, id, dto);
  }
}
