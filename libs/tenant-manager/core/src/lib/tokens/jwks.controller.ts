import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JSONWebKeySet } from 'jose';
import { SigningKeysService } from './signing-keys.service';

@ApiTags('OAuth')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeysService) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({ summary: 'Public keys that verify issued tokens (RS256)' })
  async jwks(): Promise<JSONWebKeySet> {
    return { keys: await this.keys.publicKeys() };
  }
}
