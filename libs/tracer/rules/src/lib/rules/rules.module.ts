import { Module } from '@nestjs/common';
import { RuleExpressionCompiler } from './cel/rule-expression.compiler';
import { RuleCache } from './rule-cache';
import { RuleRepository } from './rule.repository';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

@Module({
  controllers: [RulesController],
  providers: [RuleRepository, RuleExpressionCompiler, RulesService, RuleCache],
  exports: [RulesService, RuleExpressionCompiler, RuleCache],
})
export class RulesModule {}
