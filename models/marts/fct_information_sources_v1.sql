with

sources as (
    select * from {{ ref('int_question_answers_selected') }}
    where question_code = 'information_sources'
),

all_answers as (
    select * from {{ ref('int_answers_harmonised') }}
),

frequency as (
    select
        wave_id,
        respondent_id,
        answer_code
    from all_answers
    where question_code = 'news_frequency' and variable_role = 'question' and not is_missing
),

tone as (
    select
        wave_id,
        respondent_id,
        answer_code
    from all_answers
    where question_code = 'news_tone' and variable_role = 'question' and not is_missing
),

base as (
    select
        year,
        count(distinct respondent_id) as n_base
    from sources
    where not is_missing
    group by year
),

users as (
    select
        wave_id,
        year,
        respondent_id,
        subject as source_code
    from sources
    where answer_code = 'selected'
),

options as (
    select distinct
        year,
        subject as source_code
    from sources
),

user_counts as (
    select
        options.year,
        options.source_code,
        count(distinct users.respondent_id) as n_users
    from options
    left join users
        on
            options.year = users.year
            and options.source_code = users.source_code
    group by options.year, options.source_code
),

frequency_counts as (
    select
        users.year,
        users.source_code,
        count(case when frequency.answer_code = 'often' then 1 end) as n_often,
        count(case when frequency.answer_code in ('rarely', 'very_rarely') then 1 end) as n_rarely
    from users
    inner join frequency
        on
            users.wave_id = frequency.wave_id
            and users.respondent_id = frequency.respondent_id
    group by users.year, users.source_code
),

tone_counts as (
    select
        users.year,
        users.source_code,
        count(case when tone.answer_code = 'positive' then 1 end) as n_positive,
        count(case when tone.answer_code = 'negative' then 1 end) as n_negative
    from users
    inner join tone
        on
            users.wave_id = tone.wave_id
            and users.respondent_id = tone.respondent_id
    group by users.year, users.source_code
),

final as (
    select
        cast(user_counts.year as integer) as year,
        cast(user_counts.source_code as string) as source_code,
        cast(user_counts.n_users as integer) as n_users,
        cast({{ pct('user_counts.n_users', 'base.n_base') }} as double) as pct_users,
        cast({{ ratio('frequency_counts.n_often', 'frequency_counts.n_rarely') }} as double)
            as ratio_often_to_rarely,
        cast({{ ratio('tone_counts.n_positive', 'tone_counts.n_negative') }} as double)
            as ratio_positive_to_negative,
        cast(coalesce(base.n_base, 0) as integer) as n_base,
        cast(user_counts.n_users < {{ var('small_base_n') }} as boolean) as is_small_base
    from user_counts
    left join base
        on user_counts.year = base.year
    left join frequency_counts
        on
            user_counts.year = frequency_counts.year
            and user_counts.source_code = frequency_counts.source_code
    left join tone_counts
        on
            user_counts.year = tone_counts.year
            and user_counts.source_code = tone_counts.source_code
)

select * from final
