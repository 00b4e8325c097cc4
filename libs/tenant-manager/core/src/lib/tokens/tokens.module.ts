import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { JwksController } from './jwks.controller';
import { OAuthController } from './oauth.controller';
import { SigningKeysService } from './signing-keys.service';
import { TokensService } from './tokens.service';

@Module({
  imports: [ClientsModule],
  controllers: [OAuthController, JwksController],
  providers: [SigningKeysService, TokensService],
})
export class TokensModule {}
