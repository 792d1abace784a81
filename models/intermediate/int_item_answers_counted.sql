-- Index-item answers counted per wave x weighting x factor group x item, in one pass over the
-- answers (grouping sets; factor 'total' = the whole wave). n_* are unweighted counts (the base),
-- w_* sums of weights and w2_* of squared weights per answer class, in units of 2^-20 (with
-- weighting 'unweighted' every weight is 2^20). Sums are exact (integers), so they do not depend
-- on row order.
{%- set keys = ['wave_id', 'item_code'] %}
{#- year, series, indicator and methodology version depend on wave x item: carried by max(), not hashed -#}
{%- set attributes = ['year', 'series', 'indicator_code', 'methodology_version'] %}
{%- set classes = [('positive', 1), ('negative', -1), ('neutral', 0)] %}
with

answers as (
    select * from {{ ref('int_item_answers_classified') }}
),

weighted_answers as (
    {{ rows_with_weights_and_groups('answers', keys + attributes + ['valence']) }}
),

counted as (
    select
        {{ keys | join(', ') }},
        {%- for attribute in attributes %}
            max({{ attribute }}) as {{ attribute }},
        {%- endfor %}
        {{ factor_and_group_columns() }},
        {{ valence_counts('valence') }},
    {%- for class, value in classes %}
        coalesce(sum(case when valence = {{ value }} then w end), 0) as w_{{ class }},
        coalesce(sum(case when valence = {{ value }} then w * w end), 0) as w2_{{ class }}
        {{- ',' if not loop.last }}
    {%- endfor %}
    from weighted_answers
    {{ group_by_every_factor(keys) }}
),

weightings as (
    {{ rows_for_each_weighting('counted', keys + attributes + ['factor', 'group_code', 'n_valid', 'n_positive',
        'n_negative', 'n_neutral'], [
        ['w_positive', 'n_positive', 1], ['w2_positive', 'n_positive', 2],
        ['w_negative', 'n_negative', 1], ['w2_negative', 'n_negative', 2],
        ['w_neutral', 'n_neutral', 1], ['w2_neutral', 'n_neutral', 2]]) }}
),

final as (
    {{ known_factors_only('weightings') }}
)

select * from final
