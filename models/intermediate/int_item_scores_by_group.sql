-- Item scores per year x factor x group (annual waves).
with

answers as (
    select * from {{ ref('int_item_answers_classified') }}
),

groups as (
    select * from {{ ref('int_respondent_groups_unpivoted') }}
),

counted as (
    select
        answers.year,
        groups.factor,
        groups.group_code,
        answers.item_code,
        any_value(answers.indicator_code) as indicator_code,
        any_value(answers.methodology_version) as methodology_version,
        count(distinct case when answers.valence is not null then answers.respondent_id end) as n_respondents,
        {{ valence_counts('answers.valence') }}
    from answers
    inner join groups
        on
            answers.wave_id = groups.wave_id
            and answers.respondent_id = groups.respondent_id
    group by answers.year, groups.factor, groups.group_code, answers.item_code
),

final as (
    select
        *,
        {{ score_columns() }}
    from counted
)

select * from final
