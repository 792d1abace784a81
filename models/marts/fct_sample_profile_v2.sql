-- Sample composition per wave and weighting (annual and omnibus waves): every factor's groups,
-- unknown values as the group 'missing', so the groups add up to the wave. pct is the share of
-- the whole wave (Wilson 95 % interval), pct_known the share among respondents with a known
-- value (as in version 1; null for 'missing'). Weighted, the shares show what the weights do
-- to the sample (compare with seeds/ref_population_margins.csv).
with

groups as (
    select * from {{ ref('int_respondent_groups_counted') }}
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

with_base as (
    select
        *,
        sum(n_respondents) over factor_window as n_base,
        sum(w_sum) over factor_window as w_base,
        sum(w2_sum) over factor_window as w2_base,
        sum(case when group_code <> 'missing' then w_sum end) over factor_window as w_known
    from groups
    window factor_window as (partition by wave_id, weighting, factor)
),

shares as (
    select
        *,
        {{ kish_n_effective('w_base', 'w2_base') }} as n_effective,
        {{ pct('cast(w_sum as double)', 'cast(w_base as double)') }} as pct,
        case
            when group_code <> 'missing' then {{ pct('cast(w_sum as double)', 'cast(w_known as double)') }}
        end as pct_known
    from with_base
),

final as (
    select
        cast(shares.wave_id as string) as wave_id,
        cast(shares.weighting as string) as weighting,
        cast(shares.factor as string) as factor,
        cast(shares.group_code as string) as group_code,
        cast(shares.year as integer) as year,
        cast(waves.fieldwork_start as date) as fieldwork_start,
        cast(waves.fieldwork_end as date) as fieldwork_end,
        cast(shares.survey_kind as string) as survey_kind,
        cast(shares.n_respondents as integer) as n_respondents,
        cast(shares.n_base as integer) as n_base,
        cast(shares.n_effective as double) as n_effective,
        cast(shares.pct as double) as pct,
        {{ share_uncertainty_columns('shares.pct', 'shares.n_effective') }},
        cast(shares.pct_known as double) as pct_known,
        cast(shares.n_respondents < {{ var('small_base_n') }} as boolean) as is_small_base
    from shares
    inner join waves
        on shares.wave_id = waves.wave_id
)

select * from final
