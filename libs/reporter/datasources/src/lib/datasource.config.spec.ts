import { ConfigError } from '@finplat/platform';
import { loadDataSources } from './datasource.config';

const URL_ = 'postgres://rep:s3cret@db.local:6543/reporter';

describe('loadDataSources', () => {
  it('should point midaz_onboarding and midaz_transaction at the ledger database by default', () => {
    const sources = loadDataSources({}, URL_, false);
    expect(
      sources.map((s) => [s.id, s.host, s.port, s.user, s.password, s.database, s.schemas]),
    ).toEqual([
      ['midaz_onboarding', 'db.local', 6543, 'rep', 's3cret', 'ledger', ['public']],
      ['midaz_transaction', 'db.local', 6543, 'rep', 's3cret', 'ledger', ['public']],
    ]);
    expect(sources[0].tables).toContain('organization');
    expect(sources[1].tables).toEqual(['transaction', 'operation', 'balance', 'asset_rate']);
  });

  it('should override a default and add a configured source from DATASOURCE_<NAME>_*', () => {
    const sources = loadDataSources(
      {
        DATASOURCE_MIDAZ_TRANSACTION_DATABASE: 'replica',
        DATASOURCE_CRM_CONFIG_NAME: 'plugin_crm',
        DATASOURCE_CRM_HOST: 'crm.local',
        DATASOURCE_CRM_DATABASE: 'crm',
        DATASOURCE_CRM_SCHEMAS: 'public, extra',
        DATASOURCE_CRM_SSLMODE: 'require',
      },
      URL_,
      false,
    );
    const byId = Object.fromEntries(sources.map((s) => [s.id, s]));
    expect(byId['midaz_transaction']).toMatchObject({ database: 'replica', host: 'db.local' });
    expect(byId['plugin_crm']).toMatchObject({
      host: 'crm.local',
      port: 5432,
      database: 'crm',
      schemas: ['public', 'extra'],
      ssl: true,
      tables: undefined,
    });
  });

  it.each([
    [{ DATASOURCE_X_DATABASE: 'x' }, 'DATASOURCE_X_HOST: required'],
    [
      { DATASOURCE_X_HOST: 'h', DATASOURCE_X_DATABASE: 'x', DATASOURCE_X_TYPE: 'mongodb' },
      'DATASOURCE_X_TYPE',
    ],
    [
      { DATASOURCE_X_HOST: 'h', DATASOURCE_X_DATABASE: 'x', DATASOURCE_X_PORT: '99999' },
      'DATASOURCE_X_PORT',
    ],
    [
      { DATASOURCE_X_HOST: 'h', DATASOURCE_X_DATABASE: 'x', DATASOURCE_X_TABLES: 'a;drop' },
      'DATASOURCE_X_SCHEMAS/TABLES',
    ],
  ])('should refuse %j naming the variable', (env, name) => {
    expect(() => loadDataSources(env, URL_, false)).toThrow(ConfigError);
    expect(() => loadDataSources(env, URL_, false)).toThrow(name);
  });

  it('should refuse DATASOURCE_* in multi-tenant mode, where ledger data comes from tenant-manager', () => {
    expect(loadDataSources({}, URL_, true)).toEqual([]);
    expect(() => loadDataSources({ DATASOURCE_CRM_HOST: 'h' }, URL_, true)).toThrow(
      /MULTI_TENANT_ENABLED/,
    );
  });
});
