import { Body, Controller, Header, Headers, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@finplat/platform';
import { TokensService, type TokenResponse } from './tokens.service';
import { OAuthErrorFilter } from './oauth-error.filter';
import { TenantManagerErrors } from '../tenant-manager.errors';

const invalidRequest = (message: string) =>
  new DomainError(TenantManagerErrors.INVALID_TOKEN_REQUEST, message);

/** `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))` (RFC 6749 2.3.1). */
function basicCredentials(
  authorization: string | undefined,
): { id: string; secret: string } | undefined {
  if (!authorization) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
  if (!match) throw invalidRequest('The Authorization header must use the Basic scheme.');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw invalidRequest('The Basic credentials must be client_id:client_secret.');
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    throw invalidRequest('The Basic credentials are not valid URL-encoded text.');
  }
}

@ApiTags('OAuth')
@Controller('v1/oauth')
@UseFilters(OAuthErrorFilter)
export class OAuthController {
  constructor(private readonly tokens: TokensService) {}

  /**
   * Client credentials grant. The body is read as a plain record (not a strict DTO) because
   * OAuth clients add parameters of their own (`scope`, `audience`...) that must not fail the
   * request. Client authentication: body parameters or HTTP Basic, not both.
   */
  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'Issue an access token (client_credentials)' })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['grant_type'],
      properties: {
        grant_type: { type: 'string', enum: ['client_credentials'] },
        client_id: { type: 'string' },
        client_secret: { type: 'string' },
      },
    },
  })
  async token(
    @Body() body: Record<string, unknown> | undefined,
    @Headers('authorization') authorization?: string,
  ): Promise<TokenResponse> {
    const field = (name: string): string | undefined => {
      const value = body?.[name];
      if (value === undefined) return undefined;
      if (typeof value !== 'string') throw invalidRequest(`${name} must be a string.`);
      return value;
    };
    const grantType = field('grant_type');
    if (!grantType) throw invalidRequest('grant_type is required.');
    if (grantType !== 'client_credentials') {
      throw new DomainError(
        TenantManagerErrors.UNSUPPORTED_GRANT_TYPE,
        `grant_type "${grantType}" is not supported; use client_credentials.`,
      );
    }
    const basic = basicCredentials(authorization);
    const bodyId = field('client_id');
    const bodySecret = field('client_secret');
    if (basic && bodySecret !== undefined) {
      throw invalidRequest(
        'Send the client credentials either in the body or with HTTP Basic, not both.',
      );
    }
    if (basic && bodyId !== undefined && bodyId !== basic.id) {
      throw invalidRequest(
        'client_id in the body differs from the one in the Authorization header.',
      );
    }
    return this.tokens.issue(basic?.id ?? bodyId, basic?.secret ?? bodySecret);
  }
}
