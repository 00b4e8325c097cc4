import { RuleEntity } from './lib/rules/rule.entity';

export * from './lib/rules/cel/rule-expression.compiler';
export * from './lib/rules/rule.entity';
export * from './lib/rules/rules.module';
export * from './lib/rules/rules.service';
export * from './lib/rules/rule-cache';

/** TypeORM entities of the rules domain, registered on every tenant pool. */
export const RULES_ENTITIES = [RuleEntity];
export * from './lib/rules/cel/rule-expression.cost';
