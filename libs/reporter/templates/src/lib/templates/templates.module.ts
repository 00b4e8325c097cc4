import { Module } from '@nestjs/common';
import { IdempotencyRepository } from '@finplat/reporter-database';
import { TemplateUploadErrorsInterceptor } from './template-upload';
import { TemplateRepository } from './template.repository';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Module({
  controllers: [TemplatesController],
  providers: [
    IdempotencyRepository,
    TemplateRepository,
    TemplatesService,
    TemplateUploadErrorsInterceptor,
  ],
  exports: [TemplatesService],
})
export class TemplatesModule {}
