with

question_answers as (
    select * from {{ ref('int_question_answers_selected') }}
    where variable_role = 'question' and not is_missing
),

item_answers as (
    select * from {{ ref('int_answers_harmonised') }}
    where variable_role = 'item' and survey_kind = 'annual' and not is_missing
),

answers as (
    select
        wave_id,
        year,
        respondent_id,
        variable_role,
        question_code,
        subject,
        answer_code
    from question_answers
    union all
    select
        wave_id,
        year,
        respondent_id,
        variable_role,
        question_code,
        subject,
        answer_code
    from item_answers
),

groups as (
    select
        wave_id,
        respondent_id,
        factor,
        group_code
    from {{ ref('int_respondent_groups_unpivoted') }}
    union all
    select distinct
        wave_id,
        respondent_id,
        'total' as factor,
        'all' as group_code
    from answers
),

counted as (
    select
        answers.year,
        answers.question_code,
        answers.subject,
        groups.factor,
        groups.group_code,
        answers.answer_code,
        any_value(answers.variable_role) as variable_role,
        count(*) as n
    from answers
    inner join groups
        on
            answers.wave_id = groups.wave_id
            and answers.respondent_id = groups.respondent_id
    group by
        answers.year, answers.question_code, answers.subject, groups.factor, groups.group_code,
        answers.answer_code
),

with_base as (
    select
        *,
        sum(n) over (partition by year, question_code, subject, factor, group_code) as n_base
    from counted
),

final as (
    select
        cast(year as integer) as year,
        cast(question_code as varchar) as question_code,
        cast(subject as varchar) as subject,
        cast(factor as varchar) as factor,
        cast(group_code as varchar) as group_code,
        cast(answer_code as varchar) as answer_code,
        cast(n as integer) as n,
        cast(n_base as integer) as n_base,
        cast({{ pct('n', 'n_base') }} as double) as pct,
        cast(variable_role as varchar) as variable_role
    from with_base
)

select * from final
