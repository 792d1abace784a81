with

answers as (
    select * from {{ ref('int_question_answers_selected') }}
    where variable_role = 'multi_response'
),

base as (
    -- a respondent is in the base of a question when any of its options is answered
    select
        year,
        question_code,
        count(distinct respondent_id) as n_base
    from answers
    where not is_missing
    group by year, question_code
),

selected as (
    select
        year,
        question_code,
        subject as option_code,
        count(distinct case when answer_code = 'selected' then respondent_id end) as n_selected
    from answers
    group by year, question_code, subject
),

final as (
    select
        cast(selected.year as integer) as year,
        cast(selected.question_code as string) as question_code,
        cast(selected.option_code as string) as option_code,
        cast(coalesce(base.n_base, 0) as integer) as n_base,
        cast(selected.n_selected as integer) as n_selected,
        cast({{ pct('selected.n_selected', 'base.n_base') }} as double) as pct,
        cast(coalesce(base.n_base, 0) < {{ var('small_base_n') }} as boolean) as is_small_base
    from selected
    left join base
        on
            selected.year = base.year
            and selected.question_code = base.question_code
)

select * from final
