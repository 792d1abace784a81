-- What the weights of each wave are and what they cost in precision: source, range, Kish
-- effective sample size and weighting efficiency, trimmed weights, and whether raking met its
-- margins (largest relative margin error after the rake-and-trim cycles).
with

weights as (
    select * from {{ ref('int_respondent_weights_computed') }}
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

units as (
    select
        *,
        cast(round(weight * {{ weight_unit() }}) as decimal(18, 0)) as w
    from weights
),

summarised as (
    select
        wave_id,
        max(weight_source) as weight_source,
        count(*) as n_respondents,
        sum(w) as w_sum,
        sum(w * w) as w2_sum,
        min(weight) as weight_min,
        max(weight) as weight_max,
        sum(case when is_trimmed then 1 else 0 end) as n_trimmed,
        max(raking_max_margin_error) as raking_max_margin_error,
        max(raking_worst_margin) as raking_worst_margin,
        bool_and(is_raking_converged) as is_raking_converged
    from units
    group by wave_id
),

final as (
    select
        cast(summarised.wave_id as string) as wave_id,
        cast(waves.year as integer) as year,
        cast(waves.survey_kind as string) as survey_kind,
        cast(waves.fieldwork_start as date) as fieldwork_start,
        cast(waves.fieldwork_end as date) as fieldwork_end,
        cast(summarised.weight_source as string) as weight_source,
        cast(summarised.n_respondents as integer) as n_respondents,
        cast(cast(summarised.w_sum as double) / {{ weight_unit() }} as double) as weight_sum,
        cast(summarised.weight_min as double) as weight_min,
        cast(summarised.weight_max as double) as weight_max,
        cast(cast(summarised.w_sum as double) / {{ weight_unit() }} / summarised.n_respondents as double)
            as weight_mean,
        cast({{ kish_n_effective('summarised.w_sum', 'summarised.w2_sum') }} as double) as n_effective,
        cast({{ kish_n_effective('summarised.w_sum', 'summarised.w2_sum') }} / summarised.n_respondents as double)
            as weighting_efficiency,
        cast(summarised.n_respondents / {{ kish_n_effective('summarised.w_sum', 'summarised.w2_sum') }} as double)
            as design_effect,
        cast(summarised.n_trimmed as integer) as n_trimmed,
        cast(summarised.raking_max_margin_error as double) as raking_max_margin_error,
        cast(summarised.raking_worst_margin as string) as raking_worst_margin,
        cast(summarised.is_raking_converged as boolean) as is_raking_converged,
        cast(summarised.n_respondents < {{ var('small_base_n') }} as boolean) as is_small_base
    from summarised
    inner join waves
        on summarised.wave_id = waves.wave_id
)

select * from final
