-- One row per respondent x answered variable (items, questions, multi-response options) with
-- the canonical answer code from the codebook and, for index items, the valence.
with

responses as (
    select * from {{ ref('stg_raw__responses') }}
),

codebook_variables as (
    select * from {{ ref('stg_raw__codebook_variables') }}
    where variable_role in ('item', 'question', 'multi_response')
),

codebook_values as (
    select * from {{ ref('stg_raw__codebook_values') }}
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

coded as (
    select
        responses.wave_id,
        waves.year,
        waves.survey_kind,
        responses.respondent_id,
        responses.variable_name,
        codebook_variables.variable_role,
        codebook_variables.variable_code as question_code,
        codebook_variables.subject,
        responses.value_num,
        case
            when responses.is_system_missing or responses.value_num is null then 'missing'
            else coalesce(codebook_values.value_code, 'missing')
        end as answer_code
    from responses
    inner join codebook_variables
        on
            responses.wave_id = codebook_variables.wave_id
            and responses.variable_name = codebook_variables.variable_name
    inner join waves
        on responses.wave_id = waves.wave_id
    left join codebook_values
        on
            responses.wave_id = codebook_values.wave_id
            and responses.variable_name = codebook_values.variable_name
            and responses.value_num = codebook_values.value_num
),

final as (
    select
        wave_id,
        year,
        survey_kind,
        respondent_id,
        variable_name,
        variable_role,
        question_code,
        subject,
        value_num,
        answer_code,
        answer_code = 'missing' as is_missing,
        case
            when variable_role = 'item' and answer_code = 'positive' then 1
            when variable_role = 'item' and answer_code = 'neutral' then 0
            when variable_role = 'item' and answer_code = 'negative' then -1
        end as valence
    from coded
)

select * from final
