{#-
  List of the values of `expression` within a group, ordered by the values themselves
  (ascending) and joined by `separator` (a SQL string literal, default ','), e.g.
  'econ_trade,gen_attitude'.
-#}
{% macro ordered_string_agg(expression, separator="','") -%}
    {{ return(adapter.dispatch('ordered_string_agg', 'cpi')(expression, separator)) }}
{%- endmacro %}

{% macro default__ordered_string_agg(expression, separator) -%}
    string_agg({{ expression }}, {{ separator }} order by {{ expression }})
{%- endmacro %}
