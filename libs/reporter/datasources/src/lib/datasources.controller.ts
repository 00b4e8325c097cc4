import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSourceResponse, toDataSourceResponse } from './dto/datasource.response';
import { DataSourcesService } from './datasources.service';

@ApiTags('Data source')
@ApiBearerAuth()
@Controller('v1/data-sources')
export class DataSourcesController {
  constructor(private readonly dataSources: DataSourcesService) {}

  @Get()
  @ApiOperation({
    summary: 'Every data source reports can read, with its tables and fields (live schema)',
  })
  @ApiOkResponse({ type: [DataSourceResponse] })
  async list(): Promise<DataSourceResponse[]> {
    return (await this.dataSources.list()).map(toDataSourceResponse);
  }

  @Get(':dataSourceId')
  @ApiOperation({ summary: 'One data source with its tables and fields (live schema, cached)' })
  @ApiOkResponse({ type: DataSourceResponse })
  async get(@Param('dataSourceId') id: string): Promise<DataSourceResponse> {
    return toDataSourceResponse(await this.dataSources.get(id));
  }
}
