-- Index-item answers counted per wave x weighting x factor group x item, in one pass over the
-- answers (grouping sets; factor 'total' = the whole wave). n_* are unweighted counts (the base),
-- w_* sums of weights and w2_* of squared weights per answer class; with weighting 'unweighted'
-- w_* equal n_*. Sums are exact (integers, decimals), so they do not depend on row order.
with

answers as (
    select * from {{ ref('int_item_answers_classified') }}
),

weighted_answers as (
    {{ rows_with_weights_and_groups('answers', ['wave_id', 'year', 'item_code', 'indicator_code',
        'methodology_version', 'valence']) }}
),

counted as (
    select
        wave_id,
        year,
        weighting,
        item_code,
        indicator_code,
        methodology_version,
        {{ factor_and_group_columns() }},
        {{ valence_counts('valence') }},
    {%- for class, value in [('positive', 1), ('negative', -1), ('neutral', 0)] %}
        coalesce(sum(case when valence = {{ value }} then w end), 0) as w_{{ class }},
        coalesce(sum(case when valence = {{ value }} then w * w end), 0) as w2_{{ class }}
        {{- ',' if not loop.last }}
    {%- endfor %}
    from weighted_answers
    {{ group_by_every_factor(['wave_id', 'year', 'weighting', 'item_code', 'indicator_code', 'methodology_version']) }}
),

final as (
    {{ known_factors_only('counted') }}
)

select * from final
