import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TracerUuidPipe } from '@finplat/tracer-domain';
import type { Request } from 'express';
import { assertBodySize } from '../validations.controller';
import {
  ReservationActionResponse,
  ReserveRequestDto,
  ReserveResponse,
  TransactionActionResponse,
} from './reserve-request.dto';
import { ReservationsService } from './reservations.service';

@ApiTags('Reservations')
@ApiBearerAuth()
@Controller('v1/reservations')
export class ReservationsController {
  constructor(private readonly reservations: ReservationsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Reserve transaction capacity (phase one)' })
  @ApiOkResponse({ type: ReserveResponse })
  reserve(@Req() request: Request, @Body() dto: ReserveRequestDto): Promise<ReserveResponse> {
    assertBodySize(request, dto);
    return this.reservations.reserve(dto);
  }

  @Post('transaction/:transaction_id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: "Confirm a transaction's reservations (phase two — commit)" })
  @ApiOkResponse({ type: TransactionActionResponse })
  confirmTransaction(
    @Param('transaction_id', TracerUuidPipe) transactionId: string,
  ): Promise<TransactionActionResponse> {
    return this.reservations.settleTransaction(transactionId, 'CONFIRMED');
  }

  @Post('transaction/:transaction_id/release')
  @HttpCode(200)
  @ApiOperation({ summary: "Release a transaction's reservations (phase two — abort)" })
  @ApiOkResponse({ type: TransactionActionResponse })
  releaseTransaction(
    @Param('transaction_id', TracerUuidPipe) transactionId: string,
  ): Promise<TransactionActionResponse> {
    return this.reservations.settleTransaction(transactionId, 'RELEASED');
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a reservation (phase two — commit)' })
  @ApiOkResponse({ type: ReservationActionResponse })
  confirm(@Param('id', TracerUuidPipe) id: string): Promise<ReservationActionResponse> {
    return this.reservations.settleOne(id, 'CONFIRMED');
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a reservation (phase two — abort)' })
  @ApiOkResponse({ type: ReservationActionResponse })
  release(@Param('id', TracerUuidPipe) id: string): Promise<ReservationActionResponse> {
    return this.reservations.settleOne(id, 'RELEASED');
  }
}
