{#-
  Continuous percentile (linear interpolation between order statistics, Hyndman & Fan type 7,
  the default of R, numpy and Excel's PERCENTILE.INC) of `expression` within a group.
  `fraction` is a number in [0, 1], e.g. 0.025.
-#}
{% macro percentile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile_cont', 'cpi')(expression, fraction)) }}
{%- endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}
