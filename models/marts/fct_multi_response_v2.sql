-- Multi-response questions per wave and weighting: share of the question's base (respondents
-- answering any of its options) selecting each option, with its Wilson 95 % interval. Every
-- wave carrying the question has its own rows (no year pooling).
with

answers as (
    select * from {{ ref('int_answers_harmonised') }}
    where variable_role = 'multi_response'
),

respondents as (
    select * from {{ ref('int_respondent_weightings_expanded') }}
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

options as (
    select distinct
        wave_id,
        question_code,
        subject as option_code
    from answers
),

based as (
    select distinct
        wave_id,
        respondent_id,
        question_code
    from answers
    where not is_missing
),

bases as (
    select
        based.wave_id,
        respondents.weighting,
        based.question_code,
        count(*) as n_base,
        sum(respondents.w) as w_base,
        sum(respondents.w * respondents.w) as w2_base
    from based
    inner join respondents
        on
            based.wave_id = respondents.wave_id
            and based.respondent_id = respondents.respondent_id
    group by based.wave_id, respondents.weighting, based.question_code
),

selections as (
    select
        answers.wave_id,
        respondents.weighting,
        answers.question_code,
        answers.subject as option_code,
        count(*) as n_selected,
        sum(respondents.w) as w_selected
    from answers
    inner join respondents
        on
            answers.wave_id = respondents.wave_id
            and answers.respondent_id = respondents.respondent_id
    where answers.answer_code = 'selected'
    group by answers.wave_id, respondents.weighting, answers.question_code, answers.subject
),

shares as (
    select
        bases.wave_id,
        bases.weighting,
        bases.question_code,
        options.option_code,
        bases.n_base,
        coalesce(selections.n_selected, 0) as n_selected,
        {{ kish_n_effective('bases.w_base', 'bases.w2_base') }} as n_effective,
        coalesce({{ pct('cast(selections.w_selected as double)', 'cast(bases.w_base as double)') }}, 0) as pct
    from bases
    inner join options
        on
            bases.wave_id = options.wave_id
            and bases.question_code = options.question_code
    left join selections
        on
            bases.wave_id = selections.wave_id
            and bases.weighting = selections.weighting
            and bases.question_code = selections.question_code
            and options.option_code = selections.option_code
),

final as (
    select
        cast(shares.wave_id as string) as wave_id,
        cast(shares.weighting as string) as weighting,
        cast(shares.question_code as string) as question_code,
        cast(shares.option_code as string) as option_code,
        cast(waves.year as integer) as year,
        cast(waves.fieldwork_start as date) as fieldwork_start,
        cast(waves.fieldwork_end as date) as fieldwork_end,
        cast(shares.n_base as integer) as n_base,
        cast(shares.n_selected as integer) as n_selected,
        cast(shares.n_effective as double) as n_effective,
        cast(shares.pct as double) as pct,
        {{ share_uncertainty_columns('shares.pct', 'shares.n_effective') }},
        cast(shares.n_base < {{ var('small_base_n') }} as boolean) as is_small_base
    from shares
    inner join waves
        on shares.wave_id = waves.wave_id
)

select * from final
