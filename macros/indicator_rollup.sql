{#-
  CTEs ending in `all_indicators`, rolling item scores (CTE `item_scores` with columns keys +
  item_code, indicator_code, score, methodology_version) up to indicator values under the
  coverage rule (macros/indicator_coverage.sql; CTE `coverage` with `coverage_keys`, a subset
  of `keys`, + indicator_code and the coverage columns): indicator = mean of the member item
  scores present (exact_mean: independent of row order), published only when the coverage rule
  computes it (otherwise value null and not_computed_reason says why); composite = mean of the
  indicators, only when every indicator of ref_indicators is computed. item_codes lists the items
  used. Every cell of `keys` seen in item_scores gets a row per indicator it has answers for;
  where `every_indicator_where` holds (an SQL condition on `cells`, e.g. the whole-wave rows) it
  gets a row for every indicator of its methodology version, answered or not, and the composite.
-#}
{% macro indicator_rollup(keys, coverage_keys, every_indicator_where='false') -%}
{%- set coverage_columns = ['n_items_required', 'n_items_present', 'item_coverage', 'is_complete',
    'coverage_status', 'not_computed_reason'] %}
indicators_observed as (
    select
        {{ keys | join(', ') }},
        indicator_code,
        {{ exact_mean('score') }} as value,
        count(score) as n_items,
        {{ ordered_string_agg('item_code') }} as item_codes
    from item_scores
    where indicator_code is not null and score is not null
    group by {{ keys | join(', ') }}, indicator_code
),

indicator_cells as (
    select distinct {{ keys | join(', ') }}
    from indicators_observed
),

indicators as (
    select
        {%- for key in keys %}
            cells.{{ key }},
        {%- endfor %}
        coverage.indicator_code,
        case when coverage.is_computed then observed.value end as value,
        coalesce(observed.n_items, 0) as n_items,
        observed.item_codes,
        coverage.methodology_version,
        {%- for column in coverage_columns %}
            coverage.{{ column }},
        {%- endfor %}
        coverage.is_computed
    from indicator_cells as cells
    inner join coverage
        on
            {%- for key in coverage_keys %}
                cells.{{ key }} = coverage.{{ key }} and
            {%- endfor %}
            coverage.indicator_code <> 'composite'
    left join indicators_observed as observed
        on
            {%- for key in keys %}
                cells.{{ key }} = observed.{{ key }} and
            {%- endfor %}
            coverage.indicator_code = observed.indicator_code
    where observed.indicator_code is not null or ({{ every_indicator_where }})
),

composite_observed as (
    select
        {{ keys | join(', ') }},
        {{ exact_mean('value') }} as value,
        sum(n_items) as n_items,
        {{ ordered_string_agg('item_codes') }} as item_codes,
        count(*) as n_indicators,
        count(value) as n_values
    from indicators
    group by {{ keys | join(', ') }}
),

composite as (
    select
        {%- for key in keys %}
            cells.{{ key }},
        {%- endfor %}
        coverage.indicator_code,
        case when coverage.is_computed and cells.n_values = cells.n_indicators then cells.value end as value,
        cells.n_items,
        cells.item_codes,
        coverage.methodology_version,
        {%- for column in coverage_columns %}
            coverage.{{ column }},
        {%- endfor %}
        coverage.is_computed
    from composite_observed as cells
    inner join coverage
        on
            {%- for key in coverage_keys %}
                cells.{{ key }} = coverage.{{ key }} and
            {%- endfor %}
            coverage.indicator_code = 'composite'
    where
        cells.n_indicators = (select count(*) from {{ ref('ref_indicators') }} where not is_composite)
        or ({{ every_indicator_where }})
),

all_indicators as (
    select * from indicators
    union all
    select * from composite
)
{%- endmacro %}
