with

answers as (
    select * from {{ ref('int_question_answers_selected') }}
    where question_code in ('project_awareness', 'project_attitude') and not is_missing
),

awareness as (
    select
        wave_id,
        year,
        respondent_id,
        subject as project_code,
        answer_code
    from answers
    where question_code = 'project_awareness'
),

attitude as (
    select
        wave_id,
        respondent_id,
        subject as project_code,
        answer_code
    from answers
    where question_code = 'project_attitude'
),

awareness_counts as (
    select
        year,
        project_code,
        count(*) as n_respondents,
        count(case when answer_code = 'aware' then 1 end) as n_aware
    from awareness
    group by year, project_code
),

attitude_counts as (
    -- attitudes are asked of (and counted among) those aware of the project
    select
        awareness.year,
        awareness.project_code,
        count(*) as n_attitude,
        count(case when attitude.answer_code = 'approve' then 1 end) as n_positive,
        count(case when attitude.answer_code = 'neutral' then 1 end) as n_neutral,
        count(case when attitude.answer_code = 'disapprove' then 1 end) as n_negative,
        count(case when attitude.answer_code = 'unsure' then 1 end) as n_unsure
    from awareness
    inner join attitude
        on
            awareness.wave_id = attitude.wave_id
            and awareness.respondent_id = attitude.respondent_id
            and awareness.project_code = attitude.project_code
    where awareness.answer_code = 'aware'
    group by awareness.year, awareness.project_code
),

final as (
    select
        cast(awareness_counts.year as integer) as year,
        cast(awareness_counts.project_code as string) as project_code,
        cast(awareness_counts.n_respondents as integer) as n_respondents,
        cast(awareness_counts.n_aware as integer) as n_aware,
        cast({{ pct('awareness_counts.n_aware', 'awareness_counts.n_respondents') }} as double) as pct_aware,
        cast({{ pct('attitude_counts.n_positive', 'attitude_counts.n_attitude') }} as double) as pct_positive,
        cast({{ pct('attitude_counts.n_neutral', 'attitude_counts.n_attitude') }} as double) as pct_neutral,
        cast({{ pct('attitude_counts.n_negative', 'attitude_counts.n_attitude') }} as double) as pct_negative,
        cast({{ pct('attitude_counts.n_unsure', 'attitude_counts.n_attitude') }} as double) as pct_unsure,
        cast({{ ratio('attitude_counts.n_positive', 'attitude_counts.n_negative') }} as double) as ratio,
        cast(coalesce(attitude_counts.n_attitude, 0) as integer) as n_attitude_base,
        cast(awareness_counts.n_respondents < {{ var('small_base_n') }} as boolean) as is_small_base,
        cast(coalesce(attitude_counts.n_attitude, 0) < {{ var('small_base_n') }} as boolean) as is_small_attitude_base
    from awareness_counts
    left join attitude_counts
        on
            awareness_counts.year = attitude_counts.year
            and awareness_counts.project_code = attitude_counts.project_code
)

select * from final
