import { DomainError } from '@finplat/platform';
import { decodeCursor, encodeCursor } from './cursor-page';

const ID_A = '0196f3a2-7d4e-7000-8000-000000000001';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError)
      return `${error.code}:${Object.keys(error.details.fields ?? {})}`;
    throw error;
  }
  throw new Error('expected a DomainError');
};

const b64 = (value: unknown, encoding: BufferEncoding = 'base64') =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(encoding);

describe('cursor encoding', () => {
  it('should encode base64 JSON {id, direction} that decodes back to the same cursor', () => {
    for (const direction of ['next', 'prev'] as const) {
      const text = encodeCursor({ id: ID_A, direction });
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(JSON.parse(Buffer.from(text, 'base64').toString('utf8'))).toEqual({
        id: ID_A,
        direction,
      });
      expect(decodeCursor(text)).toEqual({ id: ID_A, direction });
    }
  });

  it("should read Midaz's standard-base64 cursors and the legacy {id, points_next}", () => {
    expect(decodeCursor(b64({ id: ID_A, direction: 'prev' }))).toEqual({
      id: ID_A,
      direction: 'prev',
    });
    expect(decodeCursor(b64({ id: ID_A, points_next: true }))).toEqual({
      id: ID_A,
      direction: 'next',
    });
    expect(decodeCursor(b64({ id: ID_A, points_next: false }))).toEqual({
      id: ID_A,
      direction: 'prev',
    });
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    ['JSON null', b64('null')],
    ['a JSON number', b64('42')],
    ['a JSON string', b64('"x"')],
    ['an id that is no UUID', b64({ id: 'abc', direction: 'next' })],
    ['no id', b64({ direction: 'next' })],
    ['an unknown direction', b64({ id: ID_A, direction: 'sideways' })],
    ['no direction at all', b64({ id: ID_A })],
  ])('should refuse %s with 400 0082 naming cursor', (_case, text) => {
    expect(codeOf(() => decodeCursor(text))).toBe('0082:cursor');
  });
});
