import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import { LEDGER_SCOPED_PATH, type LedgerSettings } from '@finplat/ledger-domain';
import { LEDGER_SETTINGS_PATCH_SCHEMA, LEDGER_SETTINGS_SCHEMA } from './settings.schema';
import { SettingsService } from './settings.service';

@ApiTags('Ledgers')
@ApiBearerAuth()
@Controller(`${LEDGER_SCOPED_PATH}/settings`)
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: 'Get ledger settings (defaults filled in)' })
  @ApiOkResponse({ schema: LEDGER_SETTINGS_SCHEMA })
  get(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
  ): Promise<LedgerSettings> {
    return this.settings.get(organizationId, ledgerId);
  }

  /**
   * The body is validated by the settings parser, not the DTO pipe, so that an unknown field
   * is the settings' own 0147 (and a wrong type 0148, a wrong enum 0176), as in Midaz.
   */
  @Patch()
  @ApiOperation({
    summary:
      'Update ledger settings (partial; unknown field 0147, wrong type 0148, block field at the root 0149, value outside its enum or range 0176)',
  })
  @ApiBody({ schema: LEDGER_SETTINGS_PATCH_SCHEMA })
  @ApiOkResponse({ schema: LEDGER_SETTINGS_SCHEMA })
  update(
    @Param('organization_id', UuidParamPipe) organizationId: string,
    @Param('ledger_id', UuidParamPipe) ledgerId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<LedgerSettings> {
    return this.settings.update(organizationId, ledgerId, body);
  }
}
