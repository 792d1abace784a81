-- Indicator values per year x factor x group: mean of the group's member item scores.
{%- set keys = ['year', 'factor', 'group_code'] %}
with

item_scores as (
    select * from {{ ref('int_item_scores_by_group') }}
),

answers as (
    select * from {{ ref('int_item_answers_classified') }}
),

groups as (
    select * from {{ ref('int_respondent_groups_unpivoted') }}
),

keyed_answers as (
    select
        answers.year,
        groups.factor,
        groups.group_code,
        answers.respondent_id,
        answers.indicator_code,
        answers.valence
    from answers
    inner join groups
        on
            answers.wave_id = groups.wave_id
            and answers.respondent_id = groups.respondent_id
),

{{ indicator_respondent_counts(keys) }},

{{ indicator_rollup(keys) }},

final as (
    select
        all_indicators.*,
        coalesce(respondent_counts.n_respondents, 0) as n_respondents
    from all_indicators
    left join respondent_counts
        on
            all_indicators.year = respondent_counts.year
            and all_indicators.factor = respondent_counts.factor
            and all_indicators.group_code = respondent_counts.group_code
            and all_indicators.indicator_code = respondent_counts.indicator_code
)

select * from final
