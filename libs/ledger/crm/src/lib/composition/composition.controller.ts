import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import { LEDGER_SCOPED_PATH } from '@finplat/ledger-domain';
import { OpenHolderAccountDto, type HolderAccountResponse } from './dto/open-holder-account.dto';
import { OpenHolderAccountUseCase } from './open-holder-account.use-case';

@ApiTags('Composition')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/holders`)
export class CompositionController {
  constructor(private readonly openHolderAccount: OpenHolderAccountUseCase) {}

  @Post(':id/accounts')
  @ApiOperation({
    summary: 'Open a holder-owned account (and optionally its instrument) in one step, atomically',
  })
  open(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Param('id', UuidParamPipe) holderId: string,
    @Body() dto: OpenHolderAccountDto,
  ): Promise<HolderAccountResponse> {
    return this.openHolderAccount.execute(organizationId, ledgerId, holderId, dto);
  }
}
