{#-
  Spark implementations of the project's dispatched macros (namespace 'cpi'; the dispatchers
  and the DuckDB default__ versions live beside this file), plus one override of dbt-spark
  itself. Checked by tests/spark (the marts built on Spark equal DuckDB's).
-#}

{#- Spark's timestamp is an instant (shown in the session time zone, UTC here). -#}
{% macro spark__type_timestamptz() -%}
    timestamp
{%- endmacro %}

{#- Ordered list of a group's values. dbt's listagg drops ORDER BY on Spark, so sort the collected
    array instead (same code-point order as DuckDB; nulls skipped; null for an all-null group). -#}
{% macro spark__ordered_string_agg(expression, separator) -%}
    case
        when count({{ expression }}) > 0
            then array_join(array_sort(collect_list({{ expression }})), {{ separator }})
    end
{%- endmacro %}

{#- Exact continuous percentile (linear interpolation, type 7), as DuckDB's quantile_cont. -#}
{% macro spark__percentile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}

{#-
  Seeds on Spark. dbt-spark's own version binds every value as '<value>' without escaping when it
  runs in a local session: an apostrophe ends the literal (syntax error) and an empty cell is
  loaded as the text 'None'. This writes each value as a proper Spark literal instead.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                (
                {%- for col_name in agate_table.column_names -%}
                    {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                    cast({{ spark_seed_literal(row[loop.index0]) }} as {{ type }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%}
                )
                {%- if not loop.last %},{% endif %}
            {% endfor -%}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else "") }}
{% endmacro %}

{#- A CSV value (from agate) as a Spark SQL literal; strings escaped with backslashes. -#}
{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true or value is sameas false -%}
        {{ value | string | lower }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
