import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString } from 'class-validator';

/** Only SCHEMA → DATABASE exists: a dedicated database is never folded back into a schema. */
export class MigrateAssociationDto {
  @ApiProperty({ enum: ['DATABASE'] })
  @IsIn(['DATABASE'])
  to: 'DATABASE';
}

export class RestoreBackupDto {
  @ApiProperty({ format: 'uuid', description: 'from POST .../backups' })
  @IsString()
  @IsNotEmpty()
  backupId: string;
}
