-- Valid answers to every single-choice question and index item per wave x weighting x factor
-- group x question x subject x answer (factor 'total' = the whole wave): unweighted count n, sums
-- of weights w and squared weights w2. Questions are counted here in one pass (grouping sets);
-- index items are already counted by answer class in int_item_answers_counted (annual waves),
-- whose positive / negative / neutral counts are the items' answer codes.
with

question_answers as (
    select * from {{ ref('int_answers_harmonised') }}
    where variable_role = 'question' and not is_missing
),

item_counts as (
    select * from {{ ref('int_item_answers_counted') }}
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

weighted_answers as (
    {{ rows_with_weights_and_groups('question_answers', ['wave_id', 'year', 'survey_kind', 'question_code',
        'subject', 'answer_code']) }}
),

counted as (
    select
        wave_id,
        -- year and survey kind depend on the wave: carried by max(), not hashed
        max(year) as year,
        max(survey_kind) as survey_kind,
        'question' as variable_role,
        question_code,
        subject,
        answer_code,
        {{ factor_and_group_columns() }},
        count(*) as n,
        sum(w) as w,
        sum(w * w) as w2
    from weighted_answers
    {{ group_by_every_factor(['wave_id', 'question_code', 'subject', 'answer_code']) }}
),

weightings as (
    {{ rows_for_each_weighting('counted', ['wave_id', 'year', 'survey_kind', 'variable_role', 'question_code',
        'subject', 'answer_code', 'factor', 'group_code', 'n'], [['w', 'n', 1], ['w2', 'n', 2]]) }}
),

questions as (
    {{ known_factors_only('weightings') }}
),

items as (
    {%- for answer_code in ['positive', 'negative', 'neutral'] %}
        select
            item_counts.wave_id,
            item_counts.year,
            waves.survey_kind,
            'item' as variable_role,
            item_counts.item_code as question_code,
            '' as subject,
            '{{ answer_code }}' as answer_code,
            item_counts.factor,
            item_counts.group_code,
            item_counts.n_{{ answer_code }} as n,
            item_counts.weighting,
            item_counts.w_{{ answer_code }} as w,
            item_counts.w2_{{ answer_code }} as w2
        from item_counts
        inner join waves
            on item_counts.wave_id = waves.wave_id
        where item_counts.n_{{ answer_code }} > 0
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select * from questions
    union all
    select * from items
)

select * from final
{{ where_wave_is_stale() }}
