-- The index per wave and weighting: the four indicators and the composite with linearised
-- (Taylor, raking-aware) standard error and 95 % normal interval, base and effective n; the annual
-- series with 2022 interpolated (wave_id 'interpolated_2022'); every wave whatever its kind,
-- `series` saying annual or monthly; coverage columns and the rule in docs/marts.md ("Coverage").
with

indicators as (
    select * from {{ ref('int_indicator_series_interpolated') }}
),

final as (
    select
        cast(wave_id as string) as wave_id,
        cast(weighting as string) as weighting,
        cast(indicator_code as string) as indicator_code,
        cast(year as integer) as year,
        cast(fieldwork_start as date) as fieldwork_start,
        cast(fieldwork_end as date) as fieldwork_end,
        cast(value as double) as value,
        cast(se as double) as se,
        cast(ci_low as double) as ci_low,
        cast(ci_high as double) as ci_high,
        -- no replicates since the linearised variance (kept null: the published contract)
        cast(null as integer) as n_replicates,
        cast(variance_method as string) as variance_method,
        cast(n_items as integer) as n_items,
        cast(item_codes as string) as item_codes,
        cast(n_respondents as integer) as n_respondents,
        cast(n_effective as double) as n_effective,
        cast(is_small_base as boolean) as is_small_base,
        cast(is_interpolated as boolean) as is_interpolated,
        cast(methodology_version as string) as methodology_version,
        cast(series as string) as series,
        {{ coverage_columns() }}
    from indicators
)

select * from final
