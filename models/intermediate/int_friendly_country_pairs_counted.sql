-- Co-choice of countries in "with which countries should Kazakhstan develop friendly
-- relations": for respondents who chose `chosen`, how many also chose `also_chosen`.
with

answers as (
    select * from {{ ref('int_question_answers_selected') }}
    where question_code = 'friendly_countries' and subject <> 'other'
),

countries as (
    select distinct
        year,
        subject as country_code
    from answers
),

choices as (
    select distinct
        year,
        respondent_id,
        subject as country_code
    from answers
    where answer_code = 'selected'
),

chosen_counts as (
    select
        year,
        country_code,
        count(*) as n_chosen
    from choices
    group by year, country_code
),

both_counts as (
    select
        chosen.year,
        chosen.country_code as chosen,
        also.country_code as also_chosen,
        count(*) as n_both
    from choices as chosen
    inner join choices as also
        on
            chosen.year = also.year
            and chosen.respondent_id = also.respondent_id
            and chosen.country_code <> also.country_code
    group by chosen.year, chosen.country_code, also.country_code
),

pairs as (
    select
        chosen.year,
        chosen.country_code as chosen,
        also.country_code as also_chosen,
        coalesce(chosen_counts.n_chosen, 0) as n_chosen,
        coalesce(both_counts.n_both, 0) as n_both
    from countries as chosen
    inner join countries as also
        on
            chosen.year = also.year
            and chosen.country_code <> also.country_code
    left join chosen_counts
        on
            chosen.year = chosen_counts.year
            and chosen.country_code = chosen_counts.country_code
    left join both_counts
        on
            chosen.year = both_counts.year
            and chosen.country_code = both_counts.chosen
            and also.country_code = both_counts.also_chosen
),

final as (
    select
        *,
        {{ pct('n_both', 'n_chosen') }} as conditional_pct
    from pairs
)

select * from final
