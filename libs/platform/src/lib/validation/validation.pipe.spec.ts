import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { DomainError } from '../errors/domain-error';
import { MAX_BODY_DEPTH, nestsDeeperThan, PlatformValidationPipe } from './validation.pipe';

class AddressDto {
  @IsOptional()
  @IsString()
  @Length(2, 2)
  country?: string;
}

class BodyDto {
  @IsString()
  @IsNotEmpty()
  name: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

const pipe = new PlatformValidationPipe();
const validate = (value: unknown, type: 'body' | 'query' = 'body') =>
  pipe.transform(value, { type, metatype: BodyDto }).catch((e: unknown) => e);

describe('PlatformValidationPipe', () => {
  it('should answer a missing field with 0009 naming it', async () => {
    const error = (await validate({})) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('0009');
    expect(error.message).toContain('name');
  });

  it('should answer unknown body fields with 0053 naming them', async () => {
    const error = (await validate({ name: 'x', extra: 1 })) as DomainError;
    expect(error.code).toBe('0053');
    expect(error.message).toContain('extra');
  });

  it('should drop unknown query parameters instead of failing', async () => {
    await expect(validate({ name: 'x', utm_source: 'mail' }, 'query')).resolves.toEqual({
      name: 'x',
    });
  });

  it('should name nested fields by their path', async () => {
    const error = (await validate({ name: 'x', address: { country: 'BRA' } })) as DomainError;
    expect(error.code).toBe('0047');
    expect(Object.keys(error.details.fields ?? {})).toEqual(['address.country']);
  });

  it('should refuse a body nested thousands deep with 0094, not overflow the stack', async () => {
    // Regression (input fuzzing): 5,000 nested arrays reached class-transformer and a 500.
    const deep = JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    const error = (await validate({ name: 'x', address: deep })) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('0094');
    expect(error.message).toContain(String(MAX_BODY_DEPTH));
  });

  it('should count depth across objects and arrays, the limit itself allowed', () => {
    let atLimit: unknown = 1;
    for (let i = 0; i < MAX_BODY_DEPTH; i += 1) atLimit = i % 2 ? [atLimit] : { a: atLimit };
    expect(nestsDeeperThan(atLimit, MAX_BODY_DEPTH)).toBe(false);
    expect(nestsDeeperThan([atLimit], MAX_BODY_DEPTH)).toBe(true);
    expect(nestsDeeperThan('x', 0)).toBe(false);
  });
});
