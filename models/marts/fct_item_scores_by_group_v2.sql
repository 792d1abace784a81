-- Item scores per wave, weighting and factor group, with standard error, 95 % interval,
-- effective n and the sensitivity columns (neutral answers out of the base). Respondents with
-- an unknown value form the group 'missing', so the groups of a factor add up to the wave.
with

item_scores as (
    select * from {{ ref('int_item_scores_estimated') }}
    where factor <> 'total'
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

final as (
    select
        cast(item_scores.wave_id as string) as wave_id,
        cast(item_scores.weighting as string) as weighting,
        cast(item_scores.factor as string) as factor,
        cast(item_scores.group_code as string) as group_code,
        cast(item_scores.item_code as string) as item_code,
        cast(item_scores.year as integer) as year,
        cast(waves.fieldwork_start as date) as fieldwork_start,
        cast(waves.fieldwork_end as date) as fieldwork_end,
        cast(item_scores.indicator_code as string) as indicator_code,
        cast(item_scores.n_valid as integer) as n_valid,
        cast(item_scores.n_effective as double) as n_effective,
        cast(item_scores.pct_positive as double) as pct_positive,
        cast(item_scores.pct_negative as double) as pct_negative,
        cast(item_scores.pct_neutral as double) as pct_neutral,
        cast(item_scores.score as double) as score,
        cast(item_scores.se as double) as se,
        cast(item_scores.ci_low as double) as ci_low,
        cast(item_scores.ci_high as double) as ci_high,
        cast(item_scores.n_valid_excl_neutral as integer) as n_valid_excl_neutral,
        cast(item_scores.score_excl_neutral as double) as score_excl_neutral,
        cast(item_scores.se_excl_neutral as double) as se_excl_neutral,
        cast(item_scores.ci_low_excl_neutral as double) as ci_low_excl_neutral,
        cast(item_scores.ci_high_excl_neutral as double) as ci_high_excl_neutral,
        cast(item_scores.is_small_base as boolean) as is_small_base,
        cast(item_scores.methodology_version as string) as methodology_version
    from item_scores
    inner join waves
        on item_scores.wave_id = waves.wave_id
)

select * from final
