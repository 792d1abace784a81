-- Valid answers to every single-choice question and index item, counted per wave x weighting x
-- factor group x question x subject x answer in one pass (grouping sets; factor 'total' = the
-- whole wave): unweighted count n, sums of weights w and squared weights w2.
with

answers as (
    select * from {{ ref('int_answers_harmonised') }}
    where variable_role in ('question', 'item') and not is_missing
),

weighted_answers as (
    {{ rows_with_weights_and_groups('answers', ['wave_id', 'year', 'survey_kind', 'variable_role',
        'question_code', 'subject', 'answer_code']) }}
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

final as (
    {{ known_factors_only('counted') }}
)

select * from final
