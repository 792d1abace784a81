-- One row per respondent per wave with the harmonised background attributes.
{%- set coded_attributes = ['region', 'settlement', 'gender', 'ethnicity', 'home_language',
    'education', 'welfare', 'marital_status', 'occupation'] %}
with

respondents as (
    select * from {{ ref('stg_raw__respondents') }}
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

responses as (
    select * from {{ ref('stg_raw__responses') }}
),

demographic_variables as (
    select * from {{ ref('stg_raw__codebook_variables') }}
    where variable_role = 'demographic'
),

codebook_values as (
    select * from {{ ref('stg_raw__codebook_values') }}
),

regions as (
    select * from {{ ref('ref_regions') }}
),

demographic_answers as (
    select
        responses.wave_id,
        responses.respondent_id,
        demographic_variables.variable_code as attribute,
        demographic_variables.is_numeric,
        case when not coalesce(responses.is_user_missing, false) then responses.value_num end as value_num,
        nullif(codebook_values.value_code, 'missing') as value_code
    from responses
    inner join demographic_variables
        on
            responses.wave_id = demographic_variables.wave_id
            and responses.variable_name = demographic_variables.variable_name
    left join codebook_values
        on
            responses.wave_id = codebook_values.wave_id
            and responses.variable_name = codebook_values.variable_name
            and responses.value_num = codebook_values.value_num
),

pivoted as (
    select
        wave_id,
        respondent_id,
        {%- for attribute in coded_attributes %}
            max(case when attribute = '{{ attribute }}' then value_code end) as {{ attribute }}_code,
        {%- endfor %}
        max(case when attribute = 'age' and is_numeric then value_num end) as age_years,
        max(case when attribute = 'age' and not is_numeric then value_code end) as age_group_code
    from demographic_answers
    group by wave_id, respondent_id
),

final as (
    select
        respondents.wave_id,
        waves.year,
        waves.survey_kind,
        respondents.respondent_id,
        pivoted.region_code,
        regions.region_2020_borders,
        regions.macro_region,
        cast(pivoted.age_years as integer) as age,
        pivoted.gender_code as gender,
        pivoted.ethnicity_code as ethnicity,
        pivoted.home_language_code as home_language,
        pivoted.education_code as education,
        pivoted.welfare_code as welfare,
        pivoted.settlement_code as settlement,
        pivoted.marital_status_code as marital_status,
        pivoted.occupation_code as occupation,
        case
            when pivoted.age_years >= 18 and pivoted.age_years < 35 then '18-34'
            when pivoted.age_years >= 35 and pivoted.age_years < 55 then '35-54'
            when pivoted.age_years >= 55 then '55+'
            when pivoted.age_group_code in ('18-34', '35-54', '55+') then pivoted.age_group_code
        end as age_group
    from respondents
    inner join waves
        on respondents.wave_id = waves.wave_id
    left join pivoted
        on
            respondents.wave_id = pivoted.wave_id
            and respondents.respondent_id = pivoted.respondent_id
    left join regions
        on pivoted.region_code = regions.region_code
)

select * from final
{{ where_wave_is_stale() }}
