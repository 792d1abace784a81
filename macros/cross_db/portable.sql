{#-
  Portable types the models need beyond dbt's own cross-database macros (docs/scale-out.md).
  Dispatched in namespace 'cpi': default__ is DuckDB, spark__ lives in spark.sql.
-#}

{#- An instant in time (DuckDB timestamptz; Spark's timestamp is already one). -#}
{% macro type_timestamptz() -%}
    {{ return(adapter.dispatch('type_timestamptz', 'cpi')()) }}
{%- endmacro %}

{% macro default__type_timestamptz() -%}
    timestamptz
{%- endmacro %}
