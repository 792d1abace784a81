-- Respondent-level indicator scores (input of the Table 36 test and of the indicator bases): the
-- mean of the respondent's valid item valences per indicator; composite = mean of the
-- respondent's indicator scores (only when every indicator of the composite is present; the
-- indicators are the seed ref_indicators' rows with is_composite false).
-- Each score is one division of two exact integers, so equal fractions give equal doubles
-- (ties stay ties, whatever the row order): with K indicators the composite is
-- sum_i(s_i / n_i) / K = sum_i(s_i * prod_{j<>i} n_j) / (K * prod_j n_j).
{%- set components = component_indicator_codes() %}
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
        {%- for code in components %}
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
        {% for code in components -%}
            {{ '+ ' if not loop.first }}sum_{{ code }}
            {%- for other in components if other != code %} * n_{{ other }}{% endfor %}
        {% endfor -%} as numerator,
        {{ components | length }}
        {%- for code in components %} * n_{{ code }}{% endfor %} as denominator,
        {% for code in components -%}
            {{ '+ ' if not loop.first }}n_{{ code }}
        {% endfor -%} as n_items
    from pivoted
    where n_indicators = {{ components | length }}
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
