-- Answer distributions per year: single-choice questions from the wave selected for the year
-- (int_question_waves_selected) and index items of the annual series (version 1 is the annual
-- series: a monthly wave's items are in fct_answer_distribution_v2), pooled over the year's
-- waves (unweighted, known groups only).
with

counts as (
    select * from {{ ref('int_answers_counted') }}
    where weighting = 'unweighted' and group_code <> 'missing'
),

selected as (
    select * from {{ ref('int_question_waves_selected') }}
),

annual_waves as (
    select * from {{ ref('int_methodology_years') }}
    where series = 'annual'
),

chosen as (
    select counts.*
    from counts
    inner join selected
        on
            counts.wave_id = selected.wave_id
            and counts.question_code = selected.question_code
    where counts.variable_role = 'question'
    union all
    select counts.*
    from counts
    inner join annual_waves
        on counts.wave_id = annual_waves.wave_id
    where counts.variable_role = 'item'
),

counted as (
    select
        year,
        question_code,
        subject,
        factor,
        group_code,
        answer_code,
        max(variable_role) as variable_role,
        sum(n) as n
    from chosen
    group by year, question_code, subject, factor, group_code, answer_code
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
        cast(question_code as string) as question_code,
        cast(subject as string) as subject,
        cast(factor as string) as factor,
        cast(group_code as string) as group_code,
        cast(answer_code as string) as answer_code,
        cast(n as integer) as n,
        cast(n_base as integer) as n_base,
        cast({{ pct('n', 'n_base') }} as double) as pct,
        cast(variable_role as string) as variable_role,
        cast(n_base < {{ var('small_base_n') }} as boolean) as is_small_base,
        cast(n < {{ var('small_cell_n') }} as boolean) as is_small_cell
    from with_base
)

select * from final
