import { toNunjucksSyntax } from './syntax';

describe('toNunjucksSyntax', () => {
  it('should turn numeric indexes after a dot into brackets', () => {
    expect(toNunjucksSyntax('{{ midaz_onboarding.organization.0.legal_name }}')).toBe(
      '{{ midaz_onboarding.organization[0].legal_name }}',
    );
    expect(toNunjucksSyntax('{{ a.0.1.b }}')).toBe('{{ a[0][1].b }}');
    expect(toNunjucksSyntax('{% if ds.t.0.x > 1 %}y{% endif %}')).toBe(
      '{% if ds.t[0].x > 1 %}y{% endif %}',
    );
  });

  it('should leave numbers, strings and text outside tags alone', () => {
    expect(toNunjucksSyntax('{{ 1.5 + x.0 }}')).toBe('{{ 1.5 + x[0] }}');
    expect(toNunjucksSyntax('{{ "a.0.b" ~ \'c.1\' }}')).toBe('{{ "a.0.b" ~ \'c.1\' }}');
    expect(toNunjucksSyntax('total a.0 = {{ x }} and b.1')).toBe('total a.0 = {{ x }} and b.1');
    expect(toNunjucksSyntax('{# a.0.b #}{{ a.0 }}')).toBe('{# a.0.b #}{{ a[0] }}');
    expect(toNunjucksSyntax('{{ x if y else .5 }}')).toBe('{{ x if y else .5 }}');
  });

  it('should leave raw blocks untouched', () => {
    const raw = '{% raw %}{{ a.0 }}{% endraw %}{{ b.0 }}';
    expect(toNunjucksSyntax(raw)).toBe('{% raw %}{{ a.0 }}{% endraw %}{{ b[0] }}');
  });

  it('should turn Pongo2 filter arguments into calls', () => {
    expect(toNunjucksSyntax('{{ row.amount|floatformat:2 }}')).toBe(
      '{{ row.amount|floatformat(2) }}',
    );
    expect(toNunjucksSyntax('{{ x | default : "n/a" }}')).toBe('{{ x | default("n/a") }}');
    expect(toNunjucksSyntax('{% for a in ds.account|where:"type:cacc" %}{% endfor %}')).toBe(
      '{% for a in ds.account|where("type:cacc") %}{% endfor %}',
    );
    expect(toNunjucksSyntax('{{ v|add:row.0.n|upper }}')).toBe('{{ v|add(row[0].n)|upper }}');
  });

  it('should keep nunjucks syntax as it is', () => {
    const native =
      '{% set d = {a: 1, "b": x[0]} %}{{ y | round(2) }}{% for k, v in d %}{{ loop.index }}{% endfor %}';
    expect(toNunjucksSyntax(native)).toBe(native);
  });

  it('should keep every line where it was', () => {
    const source = 'a\n{{ b.0\n.c }}\n{% if x.1 %}\n{% endif %}';
    expect(toNunjucksSyntax(source).split('\n')).toHaveLength(source.split('\n').length);
  });

  it('should leave unterminated tags for the parser to report', () => {
    expect(toNunjucksSyntax('ok {{ a.0 ')).toBe('ok {{ a.0 ');
  });
});
