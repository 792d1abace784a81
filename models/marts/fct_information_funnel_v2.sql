-- Information funnel per wave and weighting: share of the valid answers at each level (from
-- meeting China in the news to having visited it), with its Wilson 95 % interval.
with

answers as (
    select * from {{ ref('int_answers_harmonised') }}
    where variable_role = 'question' and not is_missing
),

respondents as (
    select * from {{ ref('int_respondent_weightings_expanded') }}
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

levels as (
    select
        level_code,
        level_order,
        question_code,
        coalesce(subject, '') as subject
    from {{ ref('ref_funnel_levels') }}
),

level_answers as (
    select * from {{ ref('ref_funnel_level_answers') }}
),

counted as (
    select
        answers.wave_id,
        respondents.weighting,
        levels.level_code,
        levels.level_order,
        count(*) as n_base,
        sum(respondents.w) as w_base,
        sum(respondents.w * respondents.w) as w2_base,
        count(level_answers.answer_code) as n_level,
        coalesce(sum(case when level_answers.answer_code is not null then respondents.w end), 0) as w_level
    from answers
    inner join levels
        on
            answers.question_code = levels.question_code
            and answers.subject = levels.subject
    inner join respondents
        on
            answers.wave_id = respondents.wave_id
            and answers.respondent_id = respondents.respondent_id
    left join level_answers
        on
            levels.level_code = level_answers.level_code
            and answers.answer_code = level_answers.answer_code
    group by answers.wave_id, respondents.weighting, levels.level_code, levels.level_order
),

shares as (
    select
        *,
        {{ kish_n_effective('w_base', 'w2_base') }} as n_effective,
        {{ pct('cast(w_level as double)', 'cast(w_base as double)') }} as pct
    from counted
),

final as (
    select
        cast(shares.wave_id as string) as wave_id,
        cast(shares.weighting as string) as weighting,
        cast(shares.level_code as string) as level_code,
        cast(waves.year as integer) as year,
        cast(waves.fieldwork_start as date) as fieldwork_start,
        cast(waves.fieldwork_end as date) as fieldwork_end,
        cast(shares.level_order as integer) as level_order,
        cast(shares.n_level as integer) as n_level,
        cast(shares.n_base as integer) as n_base,
        cast(shares.n_effective as double) as n_effective,
        cast(shares.pct as double) as pct,
        {{ share_uncertainty_columns('shares.pct', 'shares.n_effective') }},
        cast(shares.n_base < {{ var('small_base_n') }} as boolean) as is_small_base
    from shares
    inner join waves
        on shares.wave_id = waves.wave_id
)

select * from final
