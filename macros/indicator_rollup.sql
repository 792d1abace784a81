{#-
  CTEs `indicators`, `composite` and `all_indicators` rolling item scores (CTE `item_scores`
  with columns keys + indicator_code, score, methodology_version) up to indicator values:
  indicator = mean of member item scores; composite = mean of the four indicators (emitted only
  when all four exist).
-#}
{% macro indicator_rollup(keys) -%}
indicators as (
    select
        {{ keys | join(', ') }},
        indicator_code,
        avg(score) as value,
        count(score) as n_items,
        any_value(methodology_version) as methodology_version
    from item_scores
    where indicator_code is not null and score is not null
    group by {{ keys | join(', ') }}, indicator_code
),

composite as (
    select
        {{ keys | join(', ') }},
        'composite' as indicator_code,
        avg(value) as value,
        sum(n_items) as n_items,
        any_value(methodology_version) as methodology_version
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

{#- CTE `respondent_counts`: respondents with >= 1 valid member-item answer, per keys x indicator
    (and composite), from CTE `keyed_answers` (keys + respondent_id, indicator_code, valence). -#}
{% macro indicator_respondent_counts(keys) -%}
respondent_counts as (
    select {{ keys | join(', ') }}, indicator_code, count(distinct respondent_id) as n_respondents
    from keyed_answers
    where indicator_code is not null and valence is not null
    group by {{ keys | join(', ') }}, indicator_code
    union all
    select {{ keys | join(', ') }}, 'composite' as indicator_code, count(distinct respondent_id) as n_respondents
    from keyed_answers
    where indicator_code is not null and valence is not null
    group by {{ keys | join(', ') }}
)
{%- endmacro %}
