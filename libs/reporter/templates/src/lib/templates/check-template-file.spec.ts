import { DomainError } from '@finplat/platform';
import { checkTemplateFile } from './templates.service';

const file = (content: string | Buffer, fieldname = 'template') => ({
  fieldname,
  buffer: Buffer.isBuffer(content) ? content : Buffer.from(content),
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
};

describe('checkTemplateFile', () => {
  it('should return the text and its mapped fields', () => {
    expect(checkTemplateFile(file('{{ midaz_onboarding.ledger.0.name }}'))).toEqual({
      content: '{{ midaz_onboarding.ledger.0.name }}',
      mappedFields: { midaz_onboarding: { ledger: ['name'] } },
    });
  });

  it('should drop a UTF-8 byte order mark and keep multi-byte text', () => {
    const text = 'Relatório {{ ds.t.0.descrição_curta }}';
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(checkTemplateFile(file(withBom)).content).toBe(text);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'TPL-0006'],
    ['a blank file', ' \n\t ', 'TPL-0006'],
    ['a Latin-1 file', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'TPL-0061'],
    ['a script tag', '<p>x</p><script src="a.js"></script>', 'TPL-0032'],
    ['a spaced script tag', '< Script>', 'TPL-0032'],
    ['a syntax error', '{% if %}{% endif %}', 'TPL-0007'],
  ])('should refuse %s with %s', (_name, content, code) => {
    expect(codeOf(() => checkTemplateFile(file(content)))).toBe(code);
  });

  it('should name the field the file came in', () => {
    try {
      checkTemplateFile(file('{{ x', 'templateFile'));
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as DomainError).details.fields).toHaveProperty('templateFile');
    }
  });
});
