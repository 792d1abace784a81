-- Indicator values per wave, weighting and factor group (geography included), with linearised
-- standard error and 95 % interval (every group, the missing ones included), base and effective n. Respondents with an
-- unknown value form the group 'missing'.
with

indicators as (
    select * from {{ ref('int_indicators_estimated') }}
    where factor <> 'total'
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

final as (
    select
        cast(indicators.wave_id as string) as wave_id,
        cast(indicators.weighting as string) as weighting,
        cast(indicators.factor as string) as factor,
        cast(indicators.group_code as string) as group_code,
        cast(indicators.indicator_code as string) as indicator_code,
        cast(indicators.year as integer) as year,
        cast(waves.fieldwork_start as date) as fieldwork_start,
        cast(waves.fieldwork_end as date) as fieldwork_end,
        cast(indicators.value as double) as value,
        cast(indicators.se as double) as se,
        cast(indicators.ci_low as double) as ci_low,
        cast(indicators.ci_high as double) as ci_high,
        -- no replicates since the linearised variance (kept null: the published contract)
        cast(null as integer) as n_replicates,
        cast(indicators.variance_method as string) as variance_method,
        cast(indicators.n_items as integer) as n_items,
        cast(indicators.n_respondents as integer) as n_respondents,
        cast(indicators.n_effective as double) as n_effective,
        cast(indicators.n_respondents < {{ var('small_base_n') }} as boolean) as is_small_base,
        cast(indicators.methodology_version as string) as methodology_version,
        cast(indicators.series as string) as series,
        {{ coverage_columns('indicators') }}
    from indicators
    inner join waves
        on indicators.wave_id = waves.wave_id
)

select * from final
