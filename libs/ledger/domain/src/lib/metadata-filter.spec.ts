import fc from 'fast-check';
import { DomainError } from '@finplat/platform';
import { candidatesOf, metadataFilterOfUrl, parseMetadataFilter } from './metadata-filter';

const parse = (query: string) => parseMetadataFilter(new URLSearchParams(query));
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('metadata filter parsing', () => {
  it('should turn metadata.<key>=<value> into a string containment', () => {
    expect(parse('metadata.region=south')).toEqual([
      { key: 'region', candidates: ['{"region":"south"}'] },
    ]);
  });

  it('should also match the number when the text is a JSON number', () => {
    expect(candidatesOf('tier', '2')).toEqual(['{"tier":"2"}', '{"tier":2}']);
    expect(candidatesOf('t', '-3.5')).toEqual(['{"t":"-3.5"}', '{"t":-3.5}']);
    expect(candidatesOf('t', '1e3')).toEqual(['{"t":"1e3"}', '{"t":1e3}']);
  });

  it('should keep the digits of a number exactly as sent', () => {
    const big = '123456789012345678901234567890.123456789';
    expect(candidatesOf('n', big)[1]).toBe(`{"n":${big}}`);
  });

  it('should match only the string for texts JSON would not read as a number', () => {
    for (const text of ['02', '+1', '1.', '.5', 'NaN', 'Infinity', '0x10', '1 ', '']) {
      expect(candidatesOf('k', text)).toEqual([JSON.stringify({ k: text })]);
    }
  });

  it('should also match the boolean for true and false, and nothing else for True', () => {
    expect(candidatesOf('vip', 'true')).toEqual(['{"vip":"true"}', '{"vip":true}']);
    expect(candidatesOf('vip', 'false')).toEqual(['{"vip":"false"}', '{"vip":false}']);
    expect(candidatesOf('vip', 'True')).toEqual(['{"vip":"True"}']);
  });

  it('should combine several keys, keep the last value of a repeated key and ignore other parameters', () => {
    const conditions = parse('limit=5&metadata.a=1&name=x&metadata.b=y&metadata.a=z&metadatax=1');
    expect(conditions).toEqual([
      { key: 'a', candidates: ['{"a":"z"}'] },
      { key: 'b', candidates: ['{"b":"y"}'] },
    ]);
  });

  it('should decode percent-encoding in keys and values and keep dots inside keys', () => {
    expect(parse('metadata.cost%20center=a%26b&metadata.x.y=1')).toEqual([
      { key: 'cost center', candidates: ['{"cost center":"a&b"}'] },
      { key: 'x.y', candidates: ['{"x.y":"1"}', '{"x.y":1}'] },
    ]);
  });

  it('should read the JSON object form, matching each value exactly as typed', () => {
    const query = `metadata=${encodeURIComponent('{"tier":2,"region":"south","vip":true,"gone":null}')}`;
    expect(parse(query)).toEqual([
      { key: 'tier', candidates: ['{"tier":2}'] },
      { key: 'region', candidates: ['{"region":"south"}'] },
      { key: 'vip', candidates: ['{"vip":true}'] },
      { key: 'gone', candidates: ['{"gone":null}'] },
    ]);
  });

  it('should refuse malformed filters with the metadata codes', () => {
    expect(codeOf(() => parse('metadata.=x'))).toBe('0082');
    expect(codeOf(() => parse('metadata=not-json'))).toBe('0082');
    expect(codeOf(() => parse('metadata=%5B1%5D'))).toBe('0082');
    expect(codeOf(() => parse(`metadata.${'k'.repeat(101)}=1`))).toBe('0050');
    expect(codeOf(() => parse(`metadata.k=${'v'.repeat(2001)}`))).toBe('0051');
    expect(codeOf(() => parse(`metadata=${encodeURIComponent('{"a":{"b":1}}')}`))).toBe('0067');
  });

  it('should read the filter from a request URL', () => {
    expect(metadataFilterOfUrl('/v1/organizations')).toEqual([]);
    expect(metadataFilterOfUrl('/v1/organizations?page=2')).toEqual([]);
    expect(metadataFilterOfUrl('/v1/organizations?metadata.k=v')).toEqual([
      { key: 'k', candidates: ['{"k":"v"}'] },
    ]);
  });

  it('should always produce JSON whose first candidate is exactly {key: value}', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 100 }),
        fc.string({ maxLength: 200 }),
        (key, value) => {
          const candidates = candidatesOf(key, value);
          expect(JSON.parse(candidates[0])).toEqual({ [key]: value });
          for (const candidate of candidates) {
            const parsed = JSON.parse(candidate) as Record<string, unknown>;
            expect(Object.keys(parsed)).toEqual([key]);
          }
        },
      ),
    );
  });
});
