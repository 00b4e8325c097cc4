import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { TracerUuidPipe } from '@finplat/tracer-domain';
import { CreateRuleDto } from './dto/create-rule.dto';
import { ListRulesQueryDto } from './dto/list-rules-query.dto';
import { ListRulesResponse, RuleResponse } from './dto/rule.response';
import { UpdateRuleDto } from './dto/update-rule.dto';
import { RulesService } from './rules.service';

@ApiTags('Rules')
@ApiBearerAuth()
@Controller('v1/rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a fraud rule (in DRAFT)' })
  @ApiCreatedResponse({ type: RuleResponse })
  create(@Body() dto: CreateRuleDto): Promise<RuleResponse> {
    return this.rules.create(dto);
  }

  @Get()
  @ApiOperation({ summary: 'List fraud rules (cursor pagination)' })
  @ApiOkResponse({ type: ListRulesResponse })
  list(@Query() query: ListRulesQueryDto): Promise<ListRulesResponse> {
    return this.rules.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a fraud rule by ID' })
  @ApiOkResponse({ type: RuleResponse })
  get(@Param('id', TracerUuidPipe) id: string): Promise<RuleResponse> {
    return this.rules.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Partially update a fraud rule' })
  @ApiOkResponse({ type: RuleResponse })
  update(
    @Param('id', TracerUuidPipe) id: string,
    @Body() dto: UpdateRuleDto,
  ): Promise<RuleResponse> {
    return this.rules.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a fraud rule (DRAFT or INACTIVE only)' })
  @ApiNoContentResponse()
  remove(@Param('id', TracerUuidPipe) id: string): Promise<void> {
    return this.rules.remove(id);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Activate a fraud rule (DRAFT or INACTIVE → ACTIVE)' })
  @ApiOkResponse({ type: RuleResponse })
  activate(@Param('id', TracerUuidPipe) id: string): Promise<RuleResponse> {
    return this.rules.activate(id);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a fraud rule (ACTIVE → INACTIVE)' })
  @ApiOkResponse({ type: RuleResponse })
  deactivate(@Param('id', TracerUuidPipe) id: string): Promise<RuleResponse> {
    return this.rules.deactivate(id);
  }

  @Post(':id/draft')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a fraud rule back to draft (INACTIVE → DRAFT)' })
  @ApiOkResponse({ type: RuleResponse })
  draft(@Param('id', TracerUuidPipe) id: string): Promise<RuleResponse> {
    return this.rules.draft(id);
  }
}
