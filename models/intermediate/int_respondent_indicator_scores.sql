-- Respondent-level indicator scores (input of the Table 36 test and of the indicator bases): the
-- mean of the respondent's valid item valences per indicator; composite = mean of the
-- respondent's four indicator scores (only when all four are present).
-- Each score is one division of two exact integers, so equal fractions give equal doubles
-- (ties stay ties, whatever the row order): the composite is
-- sum_i(s_i / n_i) / 4 = sum_i(s_i * prod_{j<>i} n_j) / (4 * prod_j n_j).
{%- set four = ['general', 'geopolitical', 'economic', 'cultural'] %}
with

answers as (
    select * from {{ ref('int_item_answers_classified') }}
    where indicator_code is not null and valence is not null
),

indicators as (
    select
        wave_id,
        year,
        series,
        respondent_id,
        indicator_code,
        sum(valence) as valence_sum,
        count(*) as n_items
    from answers
    group by wave_id, year, series, respondent_id, indicator_code
),

pivoted as (
    select
        wave_id,
        year,
        series,
        respondent_id,
        {%- for code in four %}
            max(case when indicator_code = '{{ code }}' then valence_sum end) as sum_{{ code }},
            max(case when indicator_code = '{{ code }}' then n_items end) as n_{{ code }},
        {%- endfor %}
        count(*) as n_indicators
    from indicators
    group by wave_id, year, series, respondent_id
),

composite as (
    select
        wave_id,
        year,
        series,
        respondent_id,
        'composite' as indicator_code,
        sum_general * n_geopolitical * n_economic * n_cultural
        + sum_geopolitical * n_general * n_economic * n_cultural
        + sum_economic * n_general * n_geopolitical * n_cultural
        + sum_cultural * n_general * n_geopolitical * n_economic as numerator,
        4 * n_general * n_geopolitical * n_economic * n_cultural as denominator,
        n_general + n_geopolitical + n_economic + n_cultural as n_items
    from pivoted
    where n_indicators = 4
),

final as (
    select
        wave_id,
        year,
        series,
        respondent_id,
        indicator_code,
        cast(valence_sum as double) / cast(n_items as double) as score,
        n_items
    from indicators
    union all
    select
        wave_id,
        year,
        series,
        respondent_id,
        indicator_code,
        cast(numerator as double) / cast(denominator as double) as score,
        n_items
    from composite
)

select * from final
