import { analyzeTemplate, TemplateSyntaxError } from '../index';

const mapped = (template: string) => analyzeTemplate(template).mappedFields;

describe('analyzeTemplate: mapped fields', () => {
  it('should map an indexed reference to its data source, table and column', () => {
    expect(mapped('<p>{{ midaz_onboarding.organization.0.legal_name }}</p>')).toEqual({
      midaz_onboarding: { organization: ['legal_name'] },
    });
  });

  it('should map the fields read through a loop variable to the looped table', () => {
    const template = `
      {% for row in midaz_transaction.transaction %}
        {{ row.amount }};{{ row.asset_code | upper }};{{ row.amount }}
      {% endfor %}`;
    expect(mapped(template)).toEqual({
      midaz_transaction: { transaction: ['amount', 'asset_code'] },
    });
  });

  it('should combine data sources, tables and references in conditions and filters', () => {
    const template = `
      {{ midaz_onboarding.organization.0.legal_name }}
      {% for a in midaz_onboarding.account %}
        {% if a.status == "ACTIVE" and a.balance > 0 %}{{ a.name|default:"-" }}{% endif %}
      {% else %}none{% endfor %}
      {{ midaz_transaction.balance[0].available | round(2) }}
      {{ plugin_crm.holders.0.document.number }}`;
    expect(mapped(template)).toEqual({
      midaz_onboarding: { organization: ['legal_name'], account: ['status', 'balance', 'name'] },
      midaz_transaction: { balance: ['available'] },
      plugin_crm: { holders: ['document'] },
    });
  });

  it('should record a looped table even when no column of it is read', () => {
    expect(mapped('{% for x in midaz_onboarding.ledger %}.{% endfor %}')).toEqual({
      midaz_onboarding: { ledger: [] },
    });
  });

  it('should follow set aliases and nested loops over a column', () => {
    const template = `
      {% set orgs = midaz_onboarding.organization %}
      {% set first = orgs.0 %}{{ first.doing_business_as }}
      {% for o in orgs %}{{ o.id }}{% for p in o.parties %}{{ p.role }}{% endfor %}{% endfor %}`;
    expect(mapped(template)).toEqual({
      midaz_onboarding: { organization: ['doing_business_as', 'id', 'parties'] },
    });
  });

  it('should not map locals: loop, macro arguments, literals and bare names', () => {
    const template = `
      {% macro line(item, sep=",") %}{{ item.code }}{{ sep }}{% endmacro %}
      {% set total = 0 %}{% set label = "x.y" %}
      {{ title }}{{ total }}{{ "midaz.fake.0.field" }}
      {% for r in midaz_transaction.operation %}{{ loop.index }}{{ line(r) }}{{ r.type }}{% endfor %}`;
    expect(mapped(template)).toEqual({ midaz_transaction: { operation: ['type'] } });
  });

  it("should map the columns named in Reporter's where/sum filters and filter()", () => {
    const template = `
      {{ midaz_transaction.operation | sum:"amount" }}
      {% for a in midaz_onboarding.account|where:"type:cacc" %}{{ a.alias }}{% endfor %}
      {% for t in filter(midaz_transaction.transaction, "status", "APPROVED") %}{{ t.id }}{% endfor %}`;
    expect(mapped(template)).toEqual({
      midaz_transaction: { operation: ['amount'], transaction: ['status', 'id'] },
      midaz_onboarding: { account: ['type', 'alias'] },
    });
  });

  it('should map nothing for a static template', () => {
    expect(mapped('<html><body>Hello</body></html>')).toEqual({});
  });
});

describe('analyzeTemplate: syntax', () => {
  it('should reject an unclosed block with the parser message', () => {
    expect(() => analyzeTemplate('{% for x in ds.t %}{{ x.a }}')).toThrow(TemplateSyntaxError);
    expect(() => analyzeTemplate('{% for x in ds.t %}{{ x.a }}')).toThrow(/unexpected end of file/);
  });

  it('should give the line and column of the error', () => {
    try {
      analyzeTemplate('line one\n  {{ a..b }}');
      throw new Error('expected a syntax error');
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateSyntaxError);
      const syntax = error as TemplateSyntaxError;
      expect(syntax.line).toBe(2);
      expect(syntax.column).toBe(8);
      expect(syntax.message).toBe(
        'Template syntax error at line 2, column 8: expected name as lookup value, got .',
      );
    }
  });

  it('should reject unknown tags and unterminated expressions', () => {
    expect(() => analyzeTemplate('{% frobnicate %}')).toThrow(/unknown block tag: frobnicate/);
    expect(() => analyzeTemplate('{{ a.b ')).toThrow(/expected variable end/);
  });

  it('should return the rewritten source it compiled', () => {
    expect(analyzeTemplate('{{ a.b.0.c|floatformat:2 }}').source).toBe(
      '{{ a.b[0].c|floatformat(2) }}',
    );
  });
});
