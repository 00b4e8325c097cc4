import { mimeTypeOf, normalizeOutputFormat, OUTPUT_FORMATS } from './output-format';

describe('normalizeOutputFormat', () => {
  it.each([
    ['html', 'HTML'],
    ['HTML', 'HTML'],
    ['Html', 'HTML'],
    ['csv', 'CSV'],
    ['cSv', 'CSV'],
    ['xml', 'XML'],
    ['XmL', 'XML'],
    ['txt', 'TXT'],
    ['tXT', 'TXT'],
    ['pdf', 'PDF'],
    ['Pdf', 'PDF'],
    ['  pdf\n', 'PDF'],
  ])('should normalize %j to %s', (input, expected) => {
    expect(normalizeOutputFormat(input)).toBe(expected);
  });

  it.each(['', ' ', 'json', 'htm', 'docx', 'h t m l', 'html,csv', 'HTML5'])(
    'should reject %j',
    (input) => {
      expect(normalizeOutputFormat(input)).toBeUndefined();
    },
  );

  it('should reject values that are not strings', () => {
    for (const value of [undefined, null, 1, ['html'], { format: 'html' }, true]) {
      expect(normalizeOutputFormat(value)).toBeUndefined();
    }
  });

  it('should give every format a MIME type', () => {
    expect(OUTPUT_FORMATS.map(mimeTypeOf)).toEqual([
      'text/html',
      'text/csv',
      'application/xml',
      'text/plain',
      'application/pdf',
    ]);
  });
});
