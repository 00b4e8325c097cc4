import { Module } from '@nestjs/common';
import { LimitGuard } from './limit-guard';
import { LimitRepository } from './limit.repository';
import { LimitsController } from './limits.controller';
import { LimitsService } from './limits.service';

@Module({
  controllers: [LimitsController],
  providers: [LimitRepository, LimitsService, LimitGuard],
  exports: [LimitGuard, LimitsService],
})
export class LimitsModule {}
