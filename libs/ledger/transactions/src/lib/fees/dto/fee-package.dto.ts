import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { PageQueryDto } from '@finplat/platform';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

export class CreateFeePackageDto {
  @ApiProperty({ maxLength: 256, example: 'Standard package' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  feeGroupLabel: string;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;

  @ApiProperty({ description: 'the ledger whose transactions pay these fees' })
  @IsUUID()
  ledgerId: string;

  @ApiPropertyOptional({
    description: 'only transactions whose source accounts are in this segment',
  })
  @IsOptional()
  @IsUUID()
  segmentId?: string;

  @ApiPropertyOptional({
    description: 'only transactions with this route id or route',
    maxLength: 250,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(250)
  transactionRoute?: string;

  @ApiProperty({ example: '0', description: 'decimal string: smallest send.value that pays' })
  @IsDefined()
  minimumAmount: unknown;

  @ApiProperty({ example: '10000', description: 'decimal string: largest send.value that pays' })
  @IsDefined()
  maximumAmount: unknown;

  @ApiPropertyOptional({ type: [String], description: 'source aliases that never pay' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  waivedAccounts?: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'name → {feeLabel, calculationModel {applicationRule flatFee|percentual|maxBetweenTypes, calculations [{type flat|percentage, value}]}, referenceAmount originalAmount|afterFeesAmount, priority, isDeductibleFrom, creditAccount, routeFrom?, routeTo?}',
  })
  @IsObject()
  fees: Record<string, unknown>;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enable?: boolean;
}

export class UpdateFeePackageDto extends PartialType(OmitType(CreateFeePackageDto, ['ledgerId'])) {}

export class ListFeePackagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  ledgerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  segmentId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  transactionRoute?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @IsIn(['true', 'false'])
  enable?: 'true' | 'false';
}
