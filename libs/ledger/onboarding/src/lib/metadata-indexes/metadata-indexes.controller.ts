import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateMetadataIndexDto,
  ListMetadataIndexesQueryDto,
  type MetadataIndexResponse,
} from './dto/metadata-index.dto';
import { MetadataIndexesService } from './metadata-indexes.service';

@ApiTags('Metadata Indexes')
@ApiBearerAuth()
@Controller('v1/settings/metadata-indexes')
export class MetadataIndexesController {
  constructor(private readonly indexes: MetadataIndexesService) {}

  @Get()
  @ApiOperation({ summary: 'List the metadata indexes of the tenant (entity_name filter)' })
  list(@Query() query: ListMetadataIndexesQueryDto): Promise<MetadataIndexResponse[]> {
    return this.indexes.list(query.entity_name);
  }

  @Post('entities/:entity_name')
  @ApiOperation({
    summary: 'Index a metadata key of an entity (a real PostgreSQL index, built concurrently)',
  })
  create(
    @Param('entity_name') entityName: string,
    @Body() dto: CreateMetadataIndexDto,
  ): Promise<MetadataIndexResponse> {
    return this.indexes.create(entityName, dto);
  }

  @Delete('entities/:entity_name/key/:index_key')
  @HttpCode(204)
  @ApiOperation({ summary: 'Drop the index of a metadata key (concurrently)' })
  remove(@Param('entity_name') entityName: string, @Param('index_key') key: string): Promise<void> {
    return this.indexes.remove(entityName, key);
  }
}
