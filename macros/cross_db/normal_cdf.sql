{#-
  Standard normal cumulative distribution function Phi(x), in plain arithmetic (exp, abs), so
  the default works on DuckDB, Spark and PostgreSQL alike; dispatched so an engine with a native
  erf/erfc can override it.

  Approximation: Hart (1968), algorithm 5666, in the double-precision form given by
  G. West, "Better approximations to cumulative normal functions", Wilmott Magazine (2005):
  a rational function times exp(-x^2/2) for |x| < 7.07, a continued fraction beyond, 0/1 beyond
  |x| = 37. Checked against scipy.stats.norm (tests/marts/test_marts_normal_cdf.py): absolute
  error below 1e-15 over [-40, 40], relative error of the lower tail below 1.5e-8 (measured 9e-9).

  `x` is evaluated many times: pass a column name or a cheap expression.
-#}
{% macro normal_cdf(x) -%}
    {{ return(adapter.dispatch('normal_cdf', 'cpi')(x)) }}
{%- endmacro %}

{% macro default__normal_cdf(x) -%}
    {%- set a = 'abs(' ~ x ~ ')' -%}
    (case
        when {{ a }} > 37 then 0.0
        when {{ a }} < 7.07106781186547
            then exp(-{{ a }} * {{ a }} / 2)
            * ({{ horner(a, [0.0352624965998911, 0.700383064443688, 6.37396220353165,
                33.912866078383, 112.079291497871, 221.213596169931, 220.206867912376]) }})
            / ({{ horner(a, [0.0883883476483184, 1.75566716318264, 16.064177579207,
                86.7807322029461, 296.564248779674, 637.333633378831, 793.826512519948,
                440.413735824752]) }})
        else exp(-{{ a }} * {{ a }} / 2)
            / ({{ a }} + 1 / ({{ a }} + 2 / ({{ a }} + 3 / ({{ a }} + 4 / ({{ a }} + 0.65)))))
            / 2.506628274631
    end
    {#- the expression above is Phi(-|x|); reflect for x > 0 #}
    * (case when {{ x }} > 0 then -1 else 1 end)
    + (case when {{ x }} > 0 then 1 else 0 end))
{%- endmacro %}

{#- Polynomial c0*x^(n-1) + ... + c(n-1) by Horner's rule, highest power first. -#}
{% macro horner(x, coefficients) -%}
    {%- set ns = namespace(expr=coefficients[0] | string) -%}
    {%- for c in coefficients[1:] -%}
        {%- set ns.expr = '(' ~ ns.expr ~ ') * ' ~ x ~ ' + ' ~ c -%}
    {%- endfor -%}
    {{ ns.expr }}
{%- endmacro %}

{#- Two-sided p-value of a standard normal statistic `z`: 2 * Phi(-|z|) (no cancellation). -#}
{% macro normal_two_sided_p(z) -%}
    least(1.0, 2 * {{ normal_cdf('(-abs(' ~ z ~ '))') }})
{%- endmacro %}
