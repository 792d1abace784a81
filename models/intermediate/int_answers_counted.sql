-- Valid answers to every single-choice question and index item, counted per wave x weighting x
-- factor group x question x subject x answer in one pass (grouping sets; factor 'total' = the
-- whole wave): unweighted count n, sums of weights w and squared weights w2.
with

answers as (
    select * from {{ ref('int_answers_harmonised') }}
    where variable_role in ('question', 'item') and not is_missing
),

respondents as (
    select * from {{ ref('int_respondent_weightings_expanded') }}
),

weighted_answers as (
    select
        answers.wave_id,
        answers.year,
        answers.survey_kind,
        answers.variable_role,
        answers.question_code,
        answers.subject,
        answers.answer_code,
        respondents.weighting,
        respondents.w,
    {%- for factor in group_factors() %}
        respondents.{{ factor }}{{ ',' if not loop.last }}
    {%- endfor %}
    from answers
    inner join respondents
        on
            answers.wave_id = respondents.wave_id
            and answers.respondent_id = respondents.respondent_id
),

counted as (
    select
        wave_id,
        year,
        survey_kind,
        weighting,
        variable_role,
        question_code,
        subject,
        answer_code,
        {{ factor_and_group_columns() }},
        count(*) as n,
        sum(w) as w,
        sum(w * w) as w2
    from weighted_answers
    {{ group_by_every_factor(['wave_id', 'year', 'survey_kind', 'weighting', 'variable_role', 'question_code',
        'subject', 'answer_code']) }}
),

factors as (
    select distinct
        wave_id,
        factor
    from {{ ref('int_respondent_groups_counted') }}
),

final as (
    select counted.*
    from counted
    inner join factors
        on
            counted.wave_id = factors.wave_id
            and counted.factor = factors.factor
)

select * from final
