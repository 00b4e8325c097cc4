import 'reflect-metadata';
import { IsInt, IsString, MetadataStorage, validateSync, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { cacheValidationMetadata } from './validation-metadata.cache';

class Leg {
  @IsString()
  alias!: string;
}

class Transfer {
  @IsInt()
  cents!: number;

  @ValidateNested()
  @Type(() => Leg)
  leg!: Leg;
}

describe('cacheValidationMetadata', () => {
  it('should answer lookups from the cache once a class has been looked up', () => {
    const storage = new MetadataStorage();
    const lookup = jest.spyOn(storage, 'getTargetValidationMetadatas');
    cacheValidationMetadata(storage);
    const first = storage.getTargetValidationMetadatas(Transfer, '', false, false);
    const second = storage.getTargetValidationMetadatas(Transfer, '', false, false);
    expect(second).toBe(first);
    expect(Object.isFrozen(second)).toBe(true); // shared, so nobody may change it
    expect(lookup).toHaveBeenCalledTimes(1);
    storage.getTargetValidationMetadatas(Transfer, '', true, false);
    expect(lookup).toHaveBeenCalledTimes(2); // other options, other entry
  });

  it("should group a class's rules by property once", () => {
    const storage = new MetadataStorage();
    const group = jest.spyOn(storage, 'groupByPropertyName');
    cacheValidationMetadata(storage);
    for (const propertyName of ['cents', 'leg', 'leg'])
      storage.addValidationMetadata({ target: Transfer, propertyName } as never);
    const rules = storage.getTargetValidationMetadatas(Transfer, '', false, false);
    const first = storage.groupByPropertyName(rules);
    expect(storage.groupByPropertyName(rules)).toBe(first);
    expect(Object.keys(first).sort()).toEqual(['cents', 'leg']);
    expect(first.leg).toHaveLength(2);
    expect(group).toHaveBeenCalledTimes(1);
    // An array the cache did not hand out is grouped as it is, every time.
    const own = [...rules];
    expect(storage.groupByPropertyName(own)).not.toBe(storage.groupByPropertyName(own));
  });

  it('should see a rule added after the cache was filled', () => {
    const storage = new MetadataStorage();
    cacheValidationMetadata(storage);
    expect(storage.getTargetValidationMetadatas(Leg, '', false, false)).toHaveLength(0);
    storage.addValidationMetadata({ target: Leg, propertyName: 'alias' } as never);
    expect(storage.getTargetValidationMetadatas(Leg, '', false, false)).toHaveLength(1);
  });

  it('should leave validation results unchanged on the global storage', () => {
    cacheValidationMetadata();
    const good = Object.assign(new Transfer(), {
      cents: 5,
      leg: Object.assign(new Leg(), { alias: '@a' }),
    });
    const bad = Object.assign(new Transfer(), {
      cents: 'x',
      leg: Object.assign(new Leg(), { alias: 3 }),
    });
    expect(validateSync(good)).toHaveLength(0);
    for (let i = 0; i < 2; i += 1) {
      const errors = validateSync(bad);
      expect(errors.map((e) => e.property).sort()).toEqual(['cents', 'leg']);
      expect(errors.find((e) => e.property === 'leg')?.children?.[0].property).toBe('alias');
    }
  });
});
