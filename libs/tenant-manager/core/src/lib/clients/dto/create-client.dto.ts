import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CreateClientDto {
  @ApiProperty({ maxLength: 256, example: 'billing-backend' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  name: string;
}

/** The secret is shown in this answer only; tenant-manager keeps just its hash. */
export interface CreatedClientResponse {
  clientId: string;
  clientSecret: string;
}
