-- Item scores per year x geographic level x unit (annual waves).
with

answers as (
    select * from {{ ref('int_item_answers_classified') }}
),

geo as (
    select * from {{ ref('int_respondent_geo_unpivoted') }}
),

counted as (
    select
        answers.year,
        geo.geo_level,
        geo.geo_code,
        answers.item_code,
        any_value(answers.indicator_code) as indicator_code,
        any_value(answers.methodology_version) as methodology_version,
        {{ valence_counts('answers.valence') }}
    from answers
    inner join geo
        on
            answers.wave_id = geo.wave_id
            and answers.respondent_id = geo.respondent_id
    group by answers.year, geo.geo_level, geo.geo_code, answers.item_code
),

final as (
    select
        *,
        {{ score_columns() }}
    from counted
)

select * from final
