import { TemplateEntity } from './lib/templates/template.entity';

export * from './lib/templates/templates.module';
export * from './lib/templates/templates.service';
export * from './lib/templates/dto/template.response';
export { TemplateEntity };

/** TypeORM entities of the templates feature, registered on every tenant pool. */
export const TEMPLATES_ENTITIES = [TemplateEntity];
