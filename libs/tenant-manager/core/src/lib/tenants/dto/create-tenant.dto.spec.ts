import { PlatformValidationPipe } from '@finplat/platform';
import { CreateTenantDto, placementChoice } from './create-tenant.dto';

describe('CreateTenantDto placement', () => {
  const pipe = new PlatformValidationPipe();

  it('should take placement null as absent: every service on default (a 500 before)', async () => {
    // Regression (input fuzzing): `"placement": null` passed validation and reached Object.values.
    const dto = (await pipe.transform(
      { id: 'acme-1', name: 'Acme', placement: null },
      { type: 'body', metatype: CreateTenantDto },
    )) as CreateTenantDto;
    expect(placementChoice(dto.placement)).toEqual({});
    expect(placementChoice(undefined)).toEqual({});
  });

  it('should still spread a target name over every service and keep a per-service object', () => {
    expect(placementChoice('secondary')).toEqual({
      ledger: 'secondary',
      tracer: 'secondary',
      reporter: 'secondary',
    });
    expect(placementChoice({ ledger: 'secondary' })).toEqual({ ledger: 'secondary' });
  });
});
