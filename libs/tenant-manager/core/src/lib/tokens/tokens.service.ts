import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@finplat/platform';
import { ClientsService } from '../clients/clients.service';
import { TenantManagerErrors, tenantSuspended } from '../tenant-manager.errors';
import { TENANT_MANAGER_OPTIONS, type TenantManagerOptions } from '../tenant-manager.options';
import { SigningKeysService } from './signing-keys.service';
import { TokenIssuer } from './token-issuer';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

const invalidClient = () =>
  new DomainError(TenantManagerErrors.INVALID_CLIENT, 'Client authentication failed.');

@Injectable()
export class TokensService {
  private readonly issuer: TokenIssuer;

  constructor(
    @Inject(TENANT_MANAGER_OPTIONS) options: TenantManagerOptions,
    private readonly clients: ClientsService,
    keys: SigningKeysService,
  ) {
    this.issuer = new TokenIssuer(
      { issuer: options.tokenIssuer, ttlSec: options.tokenTtlSec },
      () => keys.current(),
    );
  }

  /** Unknown client, wrong secret and missing credentials all look the same from outside. */
  async issue(
    clientId: string | undefined,
    clientSecret: string | undefined,
  ): Promise<TokenResponse> {
    if (!clientId || !clientSecret) throw invalidClient();
    const client = await this.clients.authenticate(clientId, clientSecret);
    if (!client) throw invalidClient();
    if (client.tenantStatus !== 'active') throw tenantSuspended(client.tenantId);
    const token = await this.issuer.issue({ clientId: client.clientId, tenantId: client.tenantId });
    return { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn };
  }
}
