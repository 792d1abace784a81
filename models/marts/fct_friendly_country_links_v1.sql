-- Table 38 rule: each chosen country keeps its top-3 partners; a link is two-way when each is in
-- the other's top 3; a one-way link counts for the country being chosen (the partner).
with

pairs as (
    select * from {{ ref('fct_friendly_country_pairs', v=1) }}
),

countries as (
    select distinct
        year,
        chosen as country_code
    from pairs
),

top3 as (
    select
        year,
        chosen,
        also_chosen
    from pairs
    where is_top3
),

links as (
    select
        top3.year,
        top3.also_chosen as country_code,
        reverse_link.chosen is not null as is_two_way
    from top3
    left join top3 as reverse_link
        on
            top3.year = reverse_link.year
            and top3.chosen = reverse_link.also_chosen
            and top3.also_chosen = reverse_link.chosen
),

counted as (
    select
        countries.year,
        countries.country_code,
        count(case when not links.is_two_way then 1 end) as links_one_way,
        count(case when links.is_two_way then 1 end) as links_two_way
    from countries
    left join links
        on
            countries.year = links.year
            and countries.country_code = links.country_code
    group by countries.year, countries.country_code
),

final as (
    select
        cast(year as integer) as year,
        cast(country_code as string) as country_code,
        cast(links_one_way as integer) as links_one_way,
        cast(links_two_way as integer) as links_two_way,
        cast(links_one_way + links_two_way as integer) as links_total
    from counted
)

select * from final
