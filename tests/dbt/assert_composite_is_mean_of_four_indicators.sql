-- The composite of every (observed or interpolated) year is the mean of its four indicators.
with

indicators as (
    select * from {{ ref('fct_indicators', v=1) }}
),

four as (
    select year, avg(value) as mean_value, count(*) as n_indicators
    from indicators
    where indicator_code in ('general', 'geopolitical', 'economic', 'cultural')
    group by year
),

composite as (
    select year, value
    from indicators
    where indicator_code = 'composite'
)

select composite.year, composite.value, four.mean_value, four.n_indicators
from composite
left join four
    on composite.year = four.year
where four.n_indicators is distinct from 4 or abs(composite.value - four.mean_value) > 1e-9
