-- One row per respondent x factor with the respondent's group in that factor (null groups out).
{%- set factors = ['age_group', 'welfare', 'ethnicity', 'home_language', 'education',
    'settlement', 'gender', 'marital_status', 'macro_region', 'occupation'] %}
with

respondents as (
    select * from {{ ref('int_respondents_harmonised') }}
),

unpivoted as (
    {%- for factor in factors %}
        select
            wave_id,
            year,
            survey_kind,
            respondent_id,
            '{{ factor }}' as factor,
            cast({{ factor }} as varchar) as group_code
        from respondents
        where {{ factor }} is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select * from unpivoted
