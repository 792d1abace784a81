-- Indicator values per year x geographic level x unit: mean of the unit's member item scores.
{%- set keys = ['year', 'geo_level', 'geo_code'] %}
with

item_scores as (
    select * from {{ ref('int_item_scores_by_geo') }}
),

answers as (
    select * from {{ ref('int_item_answers_classified') }}
),

geo as (
    select * from {{ ref('int_respondent_geo_unpivoted') }}
),

keyed_answers as (
    select
        answers.year,
        geo.geo_level,
        geo.geo_code,
        answers.respondent_id,
        answers.indicator_code,
        answers.valence
    from answers
    inner join geo
        on
            answers.wave_id = geo.wave_id
            and answers.respondent_id = geo.respondent_id
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
            and all_indicators.geo_level = respondent_counts.geo_level
            and all_indicators.geo_code = respondent_counts.geo_code
            and all_indicators.indicator_code = respondent_counts.indicator_code
)

select * from final
