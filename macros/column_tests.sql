{#- Column rules of a model in one test (one dbt node, one scan) instead of one node per column
    and rule (docs/benchmarks.md, "Fixed cost"; scripts/combine_column_tests.py writes them).
    `not_null`: columns that must have no null; `ranges`: column -> [min, max] (nulls pass, as in
    within_range). A failing row names the column, the rule and how many rows break it. -#}
{% test columns_valid(model, not_null=[], ranges={}) %}
    with counts as (
        select
        {%- for column in not_null %}
            sum(case when {{ column }} is null then 1 else 0 end) as null_{{ loop.index }},
        {%- endfor %}
        {%- for column, bounds in ranges.items() %}
            sum(case when {{ column }} < {{ bounds[0] }} or {{ column }} > {{ bounds[1] }} then 1 else 0 end)
                as out_{{ loop.index }},
        {%- endfor %}
            count(*) as n_rows
        from {{ model }}
    ),

    broken as (
        {%- for column in not_null %}
        select '{{ column }}' as column_name, 'not null' as rule, null_{{ loop.index }} as n_rows from counts
        union all
        {%- endfor %}
        {%- for column, bounds in ranges.items() %}
        select '{{ column }}' as column_name, 'within [{{ bounds[0] }}, {{ bounds[1] }}]' as rule,
            out_{{ loop.index }} as n_rows
        from counts
        union all
        {%- endfor %}
        select '' as column_name, '' as rule, 0 as n_rows from counts
    )

    select * from broken
    where n_rows > 0
{% endtest %}
