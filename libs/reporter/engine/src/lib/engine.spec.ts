import {
  compileTemplate,
  TemplateRenderError,
  TemplateSyntaxError,
  type TemplateData,
} from '../index';

const render = (template: string, data: TemplateData = {}, options = {}) =>
  compileTemplate(template).render(data, options);

const ops = [
  {
    id: 'o1',
    amount: '1000',
    type: 'DEBIT',
    status: 'APPROVED',
    created_at: new Date('2025-06-01T10:00:00Z'),
    account_id: 'a',
  },
  {
    id: 'o2',
    amount: '2500',
    type: 'CREDIT',
    status: 'APPROVED',
    created_at: new Date('2025-06-02T10:00:00Z'),
    account_id: 'a',
  },
  {
    id: 'o3',
    amount: '1500',
    type: 'CREDIT',
    status: 'PENDING',
    created_at: new Date('2025-06-01T12:00:00Z'),
    account_id: 'b',
  },
];
const data: TemplateData = { midaz_transaction: { operation: ops } };

describe('template language: Pongo2 syntax over data', () => {
  it('should print indexed fields and loop over a table', () => {
    expect(
      render(
        '{{ midaz_transaction.operation.0.id }}|{% for o in midaz_transaction.operation %}{{ o.id }};{% endfor %}',
        data,
      ),
    ).toBe('o1|o1;o2;o3;');
  });

  it('should run if/elif/else, set, with and the loop counters', () => {
    const template =
      '{% set n = 0 %}{% for o in midaz_transaction.operation %}{% if o.type == "DEBIT" %}D{% elif o.amount > 2000 %}C+{% else %}C{% endif %}{{ loop.index }}{{ forloop.Last }},{% endfor %}' +
      '{% with first = midaz_transaction.operation.0 %}{{ first.amount }}{% endwith %}';
    expect(render(template, data)).toBe('D1False,C+2False,C3True,1000');
  });

  it('should print an empty string for missing data and take default values', () => {
    expect(render('[{{ nothing.here.0.x }}]{{ none_at_all|default:"-" }}', data)).toBe('[]-');
  });

  it('should escape printed values only when autoescape is on, except safe ones', () => {
    const rows: TemplateData = { ds: { t: [{ v: '<b>&"' }] } };
    expect(render('{{ ds.t.0.v }}', rows, { autoescape: true })).toBe('&lt;b&gt;&amp;&quot;');
    expect(render('{{ ds.t.0.v|safe }}', rows, { autoescape: true })).toBe('<b>&"');
    expect(render('{{ ds.t.0.v }}', rows)).toBe('<b>&"');
  });

  it('should support macros, dicts, lists, in, is, switch and ~', () => {
    const template =
      '{% macro cell(v, sep=";") %}{{ v }}{{ sep }}{% endmacro %}{{ cell("a") }}{{ cell("b", "|") }}' +
      '{% set d = {"k": 2} %}{{ d.k }}{{ 2 in [1, 2] }}{{ "x" in "xyz" }}{{ missing is defined }}' +
      '{% switch d.k %}{% case 1 %}one{% case 2 %}two{% default %}many{% endswitch %}{{ "a" ~ 1 }}';
    expect(render(template)).toBe('a;b|2TrueTrueFalsetwoa1');
  });
});

describe('template language: exact decimal money', () => {
  const big: TemplateData = {
    ds: {
      t: [
        { amount: '123456789012345678901234.567891' },
        { amount: '0.000000000000000000000000000001' },
        { amount: '0.1' },
        { amount: '0.2' },
      ],
    },
  };

  it('should sum 30-significant-digit amounts exactly with sum_by and the sum filter', () => {
    const exact = '123456789012345678901234.867891000000000000000000000001';
    expect(render('{% sum_by ds.t by "amount" %}', big)).toBe(exact);
    expect(render('{{ ds.t|sum:"amount" }}', big)).toBe(exact);
  });

  it('should keep calc exact: 0.1 + 0.2 is 0.3, and 30 digits times 3 stay exact', () => {
    expect(render('{% calc 0.1 + 0.2 %}')).toBe('0.3');
    expect(render('{% calc ds.t.0.amount * 3 - 0.000001 %}', big)).toBe(
      '370370367037037036703703.703672',
    );
    expect(render('{% calc 123456789012345678901234567890.1 + 0.9 %}')).toBe(
      '123456789012345678901234567891',
    );
  });

  it('should do calc arithmetic as the reference does', () => {
    const cases: [string, string][] = [
      ['{% calc 10 + 5 %}', '15'],
      ['{% calc 10 / 5 %}', '2'],
      ['{% calc 2 ** 3 %}', '8'],
      ['{% calc (10 + 5) * 2 %}', '30'],
      ['{% calc 10.5 + 5.5 %}', '16'],
      ['{% calc -2 ** 2 %}', '4'],
      ['{% calc 5 - -3 %}', '8'],
      ['{% calc 1 / 3 %}', '0.33333333333333333333'],
      ['{% calc missing + 10 %}', '10'],
    ];
    for (const [template, expected] of cases) expect(render(template)).toBe(expected);
  });

  it('should compare numeric strings as numbers', () => {
    expect(
      render('{{ "100.00" == 100 }}{{ ds.t.2.amount < ds.t.3.amount }}{{ "9" > 10 }}', big),
    ).toBe('TrueTrueFalse');
  });

  it('should refuse division by zero with a readable reason', () => {
    expect(() => render('{% calc 10 / 0 %}')).toThrow(new TemplateRenderError('division by zero'));
  });
});

describe('template language: Reporter tags', () => {
  it('should aggregate with sum_by, avg_by, min_by, max_by and count_by, with conditions', () => {
    const t = (tag: string) => render(tag, data);
    expect(t('{% sum_by midaz_transaction.operation by "amount" %}')).toBe('5000');
    expect(
      t(
        '{% sum_by midaz_transaction.operation by "amount" if type == "CREDIT" and status == "APPROVED" %}',
      ),
    ).toBe('2500');
    expect(t('{% avg_by midaz_transaction.operation by "amount" %}')).toBe(
      '1666.66666666666666666667',
    );
    expect(t('{% min_by midaz_transaction.operation by "amount" %}')).toBe('1000');
    expect(t('{% max_by midaz_transaction.operation by "amount" if type == "CREDIT" %}')).toBe(
      '2500',
    );
    expect(t('{% count_by midaz_transaction.operation if amount > 1000 %}')).toBe('2');
    expect(t('{% count_by midaz_transaction.operation %}')).toBe('3');
  });

  it('should let a tag condition compare a row with a loop variable', () => {
    const template =
      '{% for o in midaz_transaction.operation %}{% sum_by midaz_transaction.operation by "amount" if account_id == o.account_id %},{% endfor %}';
    expect(render(template, data)).toBe('3500,3500,1500,');
  });

  it('should keep the latest item of each group with last_item_by_group', () => {
    const template =
      '{% last_item_by_group midaz_transaction.operation group_by "account_id" order_by "created_at" as latest %}' +
      '{% for o in latest %}{{ o.account_id }}={{ o.id }};{% endfor %}';
    expect(render(template, data)).toBe('a=o2;b=o3;');
    expect(
      render(
        '{% last_item_by_group midaz_transaction.operation group_by "account_id,status" order_by "created_at" if type == "CREDIT" as l %}{{ l|length }}',
        data,
      ),
    ).toBe('2');
  });

  it('should count with counter and counter_show, separately per render', () => {
    const compiled = compileTemplate(
      '{% for o in midaz_transaction.operation %}{% counter "1100" %}{% endfor %}{% counter "x" %}{% counter_show "1100" %}-{% counter_show "1100" "x" %}-{% counter_show "none" %}',
    );
    expect(compiled.render(data)).toBe('3-4-0');
    expect(compiled.render(data)).toBe('3-4-0');
  });

  it('should print the render time with date_time', () => {
    const now = new Date('2026-03-04T05:06:07Z');
    expect(
      render('{% date_time "dd/MM/YYYY HH:mm" %}|{% date_time "YYYY-MM-dd" %}', {}, { now }),
    ).toBe('04/03/2026 05:06|2026-03-04');
  });
});

describe('template language: filters', () => {
  const cases: [string, string][] = [
    ['{{ "12.3456"|floatformat:2 }}', '12.35'],
    ['{{ "34.0000"|floatformat }}', '34'],
    ['{{ "34.26"|floatformat }}', '34.3'],
    ['{{ "34"|floatformat:-2 }}', '34'],
    ['{{ 25|percent_of:200 }}', '12.50%'],
    ['{{ "ABCDEFGH"|slice_str:"2:5" }}', 'CDE'],
    ['{{ "10.500"|strip_zeros }}|{{ "3.00"|strip_zeros }}', '10.5|3'],
    ['{{ "a-b-c"|replace:"-:+" }}|{{ "a-b"|replace("-", "") }}', 'a+b+c|ab'],
    ['{{ "2025-01-31"|add_day:1 }}', '2025-02-01'],
    ['{{ "hello world"|title }}|{{ "x"|upper }}|{{ "  y "|trim }}', 'Hello World|X|y'],
    [
      '{{ [1, 2, 3]|join:"," }}|{{ [1, 2]|length }}|{{ [3, 4]|first }}|{{ [3, 4]|last }}',
      '1,2,3|2|3|4',
    ],
  ];
  it.each(cases)('should render %s as %s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('should filter rows with where, count and filter()', () => {
    const template =
      '{% for o in midaz_transaction.operation|where:"type:CREDIT" %}{{ o.id }}{% endfor %}|{{ midaz_transaction.operation|count:"status:APPROVED" }}|' +
      '{% for o in filter(midaz_transaction.operation, "status", "PENDING") %}{{ o.id }}{% endfor %}|{{ midaz_transaction.operation|sum:"amount" }}';
    expect(render(template, data)).toBe('o2o3|2|o3|5000');
  });

  it('should format dates with Go layouts and pattern letters', () => {
    expect(
      render(
        '{{ midaz_transaction.operation.0.created_at|date:"02/01/2006 15:04" }}|{{ midaz_transaction.operation.0.created_at|date:"YYYY-MM-dd" }}',
        data,
      ),
    ).toBe('01/06/2025 10:00|2025-06-01');
  });
});

describe('template language: sandbox', () => {
  const escapes = [
    '{{ constructor.constructor("return process")() }}',
    '{{ "".constructor.constructor("return process")() }}',
    '{{ ds.t.constructor.constructor("return process")() }}',
    '{{ ds.t.0.__proto__.constructor.constructor("return process")() }}',
    '{{ ds["t"]["constructor"]["constructor"]("return this")() }}',
    '{{ range.constructor("return process")() }}',
    '{{ process.exit(1) }}',
    '{{ require("fs").readFileSync("/etc/passwd") }}',
    '{{ global.process }}{{ globalThis.process.env }}',
  ];
  it.each(escapes)('should fail closed on %s', (template) => {
    let output: string | undefined;
    try {
      output = render(template, { ds: { t: [{ a: 1 }] } });
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateRenderError);
      expect((error as Error).message).toMatch(/is not a function/);
      return;
    }
    // Reached nothing: names outside the data are empty.
    expect(output).toBe('');
  });

  it('should not reach prototypes through lookups', () => {
    expect(
      render(
        '[{{ ds.t.0.__proto__ }}{{ ds.t.0.constructor }}{{ ds.t.0.hasOwnProperty }}{{ ds.t.push }}{{ "x".length }}{{ ds.t.0.toString }}]',
        { ds: { t: [{ a: 1 }] } },
      ),
    ).toBe('[]');
  });

  it('should not let a template pollute prototypes', () => {
    render('{% set x = {"__proto__": {"polluted": 1} } %}{{ x.polluted }}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('should refuse include, extends, import and regular expressions when compiling', () => {
    for (const template of [
      '{% include "x.tpl" %}',
      '{% extends "base" %}',
      '{% import "m" as m %}',
      '{{ r/a+/ }}',
      '{{ x|nosuchfilter }}',
      '{% if x is nosuchtest %}{% endif %}',
    ]) {
      expect(() => compileTemplate(template)).toThrow(TemplateSyntaxError);
    }
  });

  it('should cap the collections a tag walks at 100,000 items', () => {
    const rows = Array.from({ length: 100_001 }, () => ({ amount: '1' }));
    expect(() => render('{% sum_by ds.t by "amount" %}', { ds: { t: rows } })).toThrow(
      /exceeds the limit of 100000/,
    );
    expect(render('{% sum_by ds.t by "amount" %}', { ds: { t: rows.slice(1) } })).toBe('100000');
  });

  it('should stop a render that exceeds its time limit', () => {
    const template =
      '{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}';
    expect(() => render(template, {}, { timeoutMs: 50 })).toThrow(/longer than its limit of 50 ms/);
  });

  it('should stop runaway macro recursion', () => {
    expect(() => render('{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}')).toThrow(
      TemplateRenderError,
    );
  });
});

describe('template language: mapped fields of the custom tags', () => {
  it('should map the collection, field, condition, group and order columns', () => {
    const template =
      '{% sum_by midaz_transaction.operation by "amount" if type == "CREDIT" %}' +
      '{% last_item_by_group midaz_transaction.balance group_by "account_id,asset_code" order_by "updated_at" as b %}{% for x in b %}{{ x.available }}{% endfor %}' +
      '{% with org = midaz_onboarding.organization.0 %}{{ org.legal_name }}{% endwith %}{% calc midaz_transaction.balance.0.on_hold + 1 %}';
    expect(compileTemplate(template).mappedFields).toEqual({
      midaz_transaction: {
        operation: ['amount', 'type'],
        balance: ['account_id', 'asset_code', 'updated_at', 'available', 'on_hold'],
      },
      midaz_onboarding: { organization: ['legal_name'] },
    });
  });
});
