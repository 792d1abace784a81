-- Each observed annual wave's indicator values next to those of the previous observed wave
-- (same weighting and indicator; interpolated years are never partners): the pairs that the
-- change and change-decomposition marts compare.
with

indicators as (
    select * from {{ ref('int_indicator_series_interpolated') }}
    where not is_interpolated
),

paired as (
    select
        *,
        lag(wave_id) over series as previous_wave_id,
        lag(year) over series as previous_year,
        lag(value) over series as previous_value,
        lag(se) over series as previous_se,
        lag(n_items) over series as previous_n_items,
        lag(item_codes) over series as previous_item_codes,
        lag(n_respondents) over series as previous_n_respondents,
        lag(methodology_version) over series as previous_methodology_version
    from indicators
    window series as (
        partition by weighting, indicator_code
        order by {{ wave_series_order() }}
    )
),

final as (
    select
        wave_id,
        previous_wave_id,
        weighting,
        indicator_code,
        year,
        previous_year,
        value,
        previous_value,
        se,
        previous_se,
        variance_method,
        n_items,
        previous_n_items,
        item_codes,
        previous_item_codes,
        n_respondents,
        previous_n_respondents,
        methodology_version,
        previous_methodology_version,
        value - previous_value as change
    from paired
    where previous_wave_id is not null
)

select * from final
