-- Cross-mart consistency: an observed indicator equals the mean of the scores of the items
-- fct_item_scores assigns to it, and item_codes lists exactly those items.
with

items as (
    select
        year,
        indicator_code,
        avg(score) as mean_score,
        string_agg(item_code, ',' order by item_code) as item_codes
    from {{ ref('fct_item_scores', v=1) }}
    where indicator_code is not null and not is_interpolated
    group by year, indicator_code
),

indicators as (
    select * from {{ ref('fct_indicators', v=1) }}
    where indicator_code <> 'composite' and not is_interpolated
)

select indicators.year, indicators.indicator_code, indicators.value, items.mean_score
from indicators
left join items
    on
        indicators.year = items.year
        and indicators.indicator_code = items.indicator_code
where
    items.mean_score is null
    or abs(indicators.value - items.mean_score) > 1e-9
    or indicators.item_codes <> items.item_codes
