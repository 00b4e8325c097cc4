import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PageQueryDto } from '@finplat/platform';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class EventFilterDto {
  @ApiProperty({
    description: 'transaction route id or route the counted transactions went through',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(250)
  transactionRoute: string;

  @ApiProperty({ enum: ['APPROVED', 'PENDING', 'CANCELED', 'NOTED'], example: 'APPROVED' })
  @IsIn(['APPROVED', 'PENDING', 'CANCELED', 'NOTED'])
  status: string;
}

export class PricingTierDto {
  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  minQuantity: number;

  @ApiPropertyOptional({ example: 999 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  maxQuantity?: number;

  @ApiProperty({ example: '1.50', description: 'decimal string' })
  @IsDefined()
  unitPrice: unknown;
}

export class DiscountTierDto {
  @ApiProperty({ example: 1000 })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  minQuantity: number;

  @ApiProperty({ example: '10.00', description: 'decimal string in [0, 100]' })
  @IsDefined()
  discountPercentage: unknown;
}

export class AccountTargetDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  aliases?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  portfolioId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  segmentId?: string;
}

export class CreateBillingPackageDto {
  @ApiProperty({ description: 'the ledger billed' })
  @IsUUID()
  ledgerId: string;

  @ApiProperty({ maxLength: 256, example: 'Monthly Volume Billing' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  label: string;

  @ApiPropertyOptional({ maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;

  @ApiProperty({ enum: ['volume', 'maintenance'] })
  @IsIn(['volume', 'maintenance'])
  type: 'volume' | 'maintenance';

  @ApiProperty({ example: 'USD' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10)
  assetCode: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enable?: boolean;

  @ApiPropertyOptional({ type: EventFilterDto, description: 'volume: the transactions counted' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EventFilterDto)
  eventFilter?: EventFilterDto;

  @ApiPropertyOptional({ enum: ['flat', 'tiered'], description: 'volume' })
  @IsOptional()
  @IsIn(['flat', 'tiered'])
  pricingModel?: 'flat' | 'tiered';

  @ApiPropertyOptional({ type: [PricingTierDto], description: 'volume: unit prices by count' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PricingTierDto)
  tiers?: PricingTierDto[];

  @ApiPropertyOptional({ description: 'volume: events per account not charged', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  freeQuota?: number;

  @ApiPropertyOptional({ type: [DiscountTierDto], description: 'volume' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DiscountTierDto)
  discountTiers?: DiscountTierDto[];

  @ApiPropertyOptional({ enum: ['perRoute'], default: 'perRoute' })
  @IsOptional()
  @IsIn(['perRoute'])
  countMode?: 'perRoute';

  @ApiPropertyOptional({ description: 'volume: the account credited with the charges' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  creditAccountAlias?: string;

  @ApiPropertyOptional({
    description: 'volume: one account paying for all (default: each counted account)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  debitAccountAlias?: string;

  @ApiPropertyOptional({ example: '50.00', description: 'maintenance: charge per account' })
  @IsOptional()
  feeAmount?: unknown;

  @ApiPropertyOptional({ description: 'maintenance: the account credited with the charges' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  maintenanceCreditAccount?: string;

  @ApiPropertyOptional({ type: AccountTargetDto, description: 'the accounts billed' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AccountTargetDto)
  accountTarget?: AccountTargetDto;
}

export class UpdateBillingPackageDto extends PartialType(
  OmitType(CreateBillingPackageDto, ['ledgerId', 'type']),
) {}

export class ListBillingPackagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  ledgerId?: string;

  @ApiPropertyOptional({ enum: ['volume', 'maintenance'] })
  @IsOptional()
  @IsIn(['volume', 'maintenance'])
  type?: 'volume' | 'maintenance';
}

export class CalculateBillingDto {
  @ApiProperty()
  @IsUUID()
  ledgerId: string;

  @ApiProperty({ example: '2026-01', description: 'the calendar month billed (UTC), yyyy-mm' })
  @IsString()
  period: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'default: every enabled package of the ledger',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  billingPackageIds?: string[];
}
