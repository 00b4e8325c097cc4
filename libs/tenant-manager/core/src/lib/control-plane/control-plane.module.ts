import {
  Global,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { ReadinessRegistry, registerDependencyEndpoint } from '@finplat/platform';
import { ensureDatabase } from '@finplat/tenancy';
import { DataSource } from 'typeorm';
import { TENANT_MANAGER_OPTIONS, type TenantManagerOptions } from '../tenant-manager.options';
import {
  CONTROL_PLANE_ENTITIES,
  CONTROL_PLANE_MIGRATIONS,
  CONTROL_PLANE_MIGRATIONS_TABLE,
} from './control-plane.schema';
import { DeploymentIdentity } from './deployment-identity';
import { migrateControlPlane } from './migrate-control-plane';

/**
 * Opens the control-plane database: creates it when missing, migrates it, and only then
 * hands the DataSource to the rest of the app, so no request ever sees an old schema.
 */
async function openControlPlane(options: TenantManagerOptions): Promise<DataSource> {
  const logger = new Logger('ControlPlane');
  // A request that meets a stopped control-plane database is a 503, not a 500.
  registerDependencyEndpoint('postgresql', options.databaseUrl);
  for (const url of Object.values(options.provisionPgTargets ?? {}))
    registerDependencyEndpoint('postgresql', url);
  await ensureDatabase(options.databaseUrl);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    entities: CONTROL_PLANE_ENTITIES,
    migrations: CONTROL_PLANE_MIGRATIONS,
    migrationsTableName: CONTROL_PLANE_MIGRATIONS_TABLE,
    synchronize: false,
    migrationsRun: false,
    applicationName: 'tenant-manager',
    // Each lifecycle run holds one connection for its tenant lock (lifecycle/tenant-locks.ts).
    poolSize: 20,
    extra: { connectionTimeoutMillis: 10_000 },
  });
  await dataSource.initialize();
  try {
    const applied = await migrateControlPlane(dataSource);
    if (applied.length) logger.log(`applied control-plane migrations: ${applied.join(', ')}`);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

@Injectable()
class ControlPlaneLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register('database', async () => void (await this.dataSource.query('SELECT 1')));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The control-plane DataSource (tenant-manager's only one), injectable as `DataSource`. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      useFactory: openControlPlane,
      inject: [TENANT_MANAGER_OPTIONS],
    },
    {
      provide: DeploymentIdentity,
      useFactory: async (dataSource: DataSource) => {
        const [row] = await dataSource.query<{ id: string }[]>('SELECT id FROM deployment');
        return new DeploymentIdentity(row.id);
      },
      inject: [DataSource],
    },
    ControlPlaneLifecycle,
  ],
  exports: [DataSource, DeploymentIdentity],
})
export class ControlPlaneModule {}
