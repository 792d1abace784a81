-- One row per respondent x factor with the respondent's group in that factor (null groups out).
-- Geography is a factor too: region (units as fielded), region_2020_borders, macro_region.
{%- set factors = group_factors() %}
with

respondents as (
    select * from {{ ref('int_respondents_harmonised') }}
),

with_region as (
    select
        *,
        region_code as region
    from respondents
),

unpivoted as (
    {%- for factor in factors %}
        select
            wave_id,
            year,
            survey_kind,
            respondent_id,
            '{{ factor }}' as factor,
            cast({{ factor }} as string) as group_code
        from with_region
        where {{ factor }} is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from unpivoted
