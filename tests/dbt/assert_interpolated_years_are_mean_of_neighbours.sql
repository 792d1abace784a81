-- Every interpolated indicator value is the mean of the values of the years either side.
with

indicators as (
    select * from {{ ref('fct_indicators', v=1) }}
)

select interpolated.year, interpolated.indicator_code, interpolated.value
from indicators as interpolated
left join indicators as before
    on
        interpolated.indicator_code = before.indicator_code
        and before.year = interpolated.year - 1
left join indicators as after
    on
        interpolated.indicator_code = after.indicator_code
        and after.year = interpolated.year + 1
where
    interpolated.is_interpolated
    and (
        before.value is null or after.value is null
        or abs(interpolated.value - (before.value + after.value) / 2) > 1e-9
    )
