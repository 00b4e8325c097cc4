import { ApiProperty } from '@nestjs/swagger';
import type { DataSourceSchema } from '../datasource-schema';

export class TableDetailsResponse {
  @ApiProperty({ example: 'account' })
  name: string;

  @ApiProperty({ type: [String], example: ['id', 'name', 'parent_account_id'] })
  fields: string[];
}

/** A data source as Reporter's API shows it (`DataSourceInformation`). */
export class DataSourceResponse {
  @ApiProperty({ example: 'midaz_onboarding' })
  id: string;

  @ApiProperty({ example: 'onboarding' })
  externalName: string;

  @ApiProperty({ example: 'postgresql' })
  type: string;

  @ApiProperty({ type: [TableDetailsResponse] })
  tables: TableDetailsResponse[];
}

export const toDataSourceResponse = (schema: DataSourceSchema): DataSourceResponse => ({
  id: schema.id,
  externalName: schema.externalName,
  type: schema.type,
  tables: schema.tables.map((table) => ({ name: table.name, fields: [...table.fields] })),
});
