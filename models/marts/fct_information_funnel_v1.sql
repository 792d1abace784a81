with

answers as (
    select * from {{ ref('int_question_answers_selected') }}
    where variable_role = 'question' and not is_missing
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
        answers.year,
        levels.level_code,
        levels.level_order,
        count(*) as n_base,
        count(level_answers.answer_code) as n_level
    from answers
    inner join levels
        on
            answers.question_code = levels.question_code
            and answers.subject = levels.subject
    left join level_answers
        on
            levels.level_code = level_answers.level_code
            and answers.answer_code = level_answers.answer_code
    group by answers.year, levels.level_code, levels.level_order
),

final as (
    select
        cast(year as integer) as year,
        cast(level_code as string) as level_code,
        cast(level_order as integer) as level_order,
        cast({{ pct('n_level', 'n_base') }} as double) as pct,
        cast(n_level as integer) as n_level,
        cast(n_base as integer) as n_base,
        cast(n_base < {{ var('small_base_n') }} as boolean) as is_small_base
    from counted
)

select * from final
