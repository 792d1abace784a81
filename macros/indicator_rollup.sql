{#-
  CTEs `indicators`, `composite` and `all_indicators` rolling item scores (CTE `item_scores`
  with columns keys + indicator_code, score, methodology_version) up to indicator values:
  indicator = mean of member item scores (exact_mean: independent of row order); composite = mean
  of the four indicators (emitted only when all four exist). item_codes lists the items used.
-#}
{% macro indicator_rollup(keys) -%}
indicators as (
    select
        {{ keys | join(', ') }},
        indicator_code,
        {{ exact_mean('score') }} as value,
        count(score) as n_items,
        {{ ordered_string_agg('item_code') }} as item_codes,
        max(methodology_version) as methodology_version
    from item_scores
    where indicator_code is not null and score is not null
    group by {{ keys | join(', ') }}, indicator_code
),

composite as (
    select
        {{ keys | join(', ') }},
        'composite' as indicator_code,
        {{ exact_mean('value') }} as value,
        sum(n_items) as n_items,
        {{ ordered_string_agg('item_codes') }} as item_codes,
        max(methodology_version) as methodology_version
    from indicators
    group by {{ keys | join(', ') }}
    having count(*) = 4
),

all_indicators as (
    select * from indicators
    union all
    select * from composite
)
{%- endmacro %}
