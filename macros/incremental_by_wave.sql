{#- Incremental by wave (docs/publishing.md "Incremental builds").

A per-wave model is materialised `incremental` with incremental_strategy `by_wave` on DuckDB.
The build writes `raw.build_waves` (wave_id, reused, wave_key) into the work file: `reused` waves are
unchanged since the previous build, whose work file this build started from (their rows are kept
as they are); every other current wave is recomputed. A work file that does not come from a
compatible previous build is new: the model does not exist there, is_incremental() is false and
every wave is computed (what --force and any change of the dbt project or the code do).
Python models do the same through survey_stats.incremental (per wave: `by_wave`; per year, keyed
by the fingerprint of the year's inputs: `whole_table`).
-#}

{#- The materialisation of a per-wave model: incremental on DuckDB, a table elsewhere (Spark). -#}
{% macro by_wave_materialization() -%}
    {{ return('incremental' if target.type == 'duckdb' else 'table') }}
{%- endmacro %}

{#- The waves this build recomputes (the current waves not reused), as a list of strings. -#}
{% macro stale_waves() -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set rows = run_query("select wave_id from raw.build_waves where not reused order by wave_id") -%}
    {{ return(rows.columns[0].values() | list) }}
{%- endmacro %}

{#- `where <column> in (<stale waves>)` when the model is built incrementally, else nothing.
    Put after the model's final select: DuckDB pushes the filter down to the wave's inputs. -#}
{% macro where_wave_is_stale(column='wave_id') -%}
    {%- if execute and this is not none and is_incremental() -%}
        {%- set waves = stale_waves() -%}
        {%- if waves | length == 0 %}
    where false
        {%- else %}
    where {{ column }} in (
        {%- for wave in waves %}'{{ wave | replace("'", "''") }}'{{ ', ' if not loop.last }}{% endfor -%}
    )
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- The `by_wave` strategy: delete the rows of every wave not reused (changed, new or removed),
    then insert the recomputed rows of the stale waves. -#}
{% macro get_incremental_by_wave_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }}
    where wave_id not in (select wave_id from raw.build_waves where reused);

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ source }}
    where wave_id not in (select wave_id from raw.build_waves where reused)
{%- endmacro %}

{#- The `whole_table` strategy, for a Python model keyed by year whose rows carry the fingerprint
    of their inputs (survey_stats.incremental): the model returns every row (the years it reused
    read from its own table as they are), which replace the table's rows. -#}
{% macro get_incremental_whole_table_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }};

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ source }}
{%- endmacro %}
