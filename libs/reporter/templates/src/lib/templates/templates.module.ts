import { Module } from '@nestjs/common';
import { TemplateUploadErrorsInterceptor } from './template-upload';
import { TemplateRepository } from './template.repository';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Module({
  controllers: [TemplatesController],
  providers: [TemplateRepository, TemplatesService, TemplateUploadErrorsInterceptor],
  exports: [TemplatesService],
})
export class TemplatesModule {}
