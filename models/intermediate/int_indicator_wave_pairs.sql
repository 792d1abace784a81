-- Each observed wave's indicator values next to those of the previous comparable wave of the same
-- series (annual or monthly), weighting and indicator: the pairs that the change and
-- change-decomposition marts compare. Comparable = both complete (every item their methodology
-- version asks for): a partial or not-computed row is never a partner, and interpolated years
-- never are. Across a membership change (a new methodology version) the pair is kept and
-- flagged (the membership-change view) and carries the like-for-like values beside it: the mean
-- of the scores of the items that count for the indicator in both waves (the composite: the
-- mean of the four like-for-like indicators, when each has common items).
with

indicators as (
    select * from {{ ref('int_indicator_series_interpolated') }}
    where not is_interpolated and is_complete
),

item_scores as (
    select * from {{ ref('int_item_scores_estimated') }}
    where factor = 'total' and indicator_code is not null and score is not null
),

indicator_count as (
    select count(*) as n_indicators
    from {{ ref('ref_indicators') }}
    where not is_composite
),

paired as (
    select
        *,
        lag(wave_id) over series_order as previous_wave_id,
        lag(year) over series_order as previous_year,
        lag(value) over series_order as previous_value,
        lag(se) over series_order as previous_se,
        lag(n_items) over series_order as previous_n_items,
        lag(item_codes) over series_order as previous_item_codes,
        lag(n_respondents) over series_order as previous_n_respondents,
        lag(methodology_version) over series_order as previous_methodology_version
    from indicators
    window series_order as (
        partition by series, weighting, indicator_code
        order by {{ wave_series_order() }}
    )
),

pairs as (
    select * from paired
    where previous_wave_id is not null
),

common_items as (
    select
        pairs.wave_id,
        pairs.weighting,
        pairs.indicator_code,
        {{ exact_mean('later.score') }} as value_like_for_like,
        {{ exact_mean('earlier.score') }} as previous_value_like_for_like,
        count(*) as n_items_like_for_like
    from pairs
    inner join item_scores as later
        on
            pairs.wave_id = later.wave_id
            and pairs.weighting = later.weighting
            and pairs.indicator_code = later.indicator_code
    inner join item_scores as earlier
        on
            pairs.previous_wave_id = earlier.wave_id
            and pairs.weighting = earlier.weighting
            and pairs.indicator_code = earlier.indicator_code
            and later.item_code = earlier.item_code
    group by pairs.wave_id, pairs.weighting, pairs.indicator_code
),

composite_like_for_like as (
    select
        pairs.wave_id,
        pairs.weighting,
        'composite' as indicator_code,
        {{ exact_mean('common_items.value_like_for_like') }} as value_like_for_like,
        {{ exact_mean('common_items.previous_value_like_for_like') }} as previous_value_like_for_like,
        sum(common_items.n_items_like_for_like) as n_items_like_for_like,
        count(*) as n_indicators
    from pairs
    inner join common_items
        on
            pairs.wave_id = common_items.wave_id
            and pairs.weighting = common_items.weighting
            and pairs.indicator_code = common_items.indicator_code
    group by pairs.wave_id, pairs.weighting
),

like_for_like as (
    select
        wave_id,
        weighting,
        indicator_code,
        value_like_for_like,
        previous_value_like_for_like,
        n_items_like_for_like
    from common_items
    union all
    select
        composite_like_for_like.wave_id,
        composite_like_for_like.weighting,
        composite_like_for_like.indicator_code,
        composite_like_for_like.value_like_for_like,
        composite_like_for_like.previous_value_like_for_like,
        composite_like_for_like.n_items_like_for_like
    from composite_like_for_like
    inner join indicator_count
        on composite_like_for_like.n_indicators = indicator_count.n_indicators
),

final as (
    select
        pairs.wave_id,
        pairs.previous_wave_id,
        pairs.series,
        pairs.weighting,
        pairs.indicator_code,
        pairs.year,
        pairs.previous_year,
        pairs.value,
        pairs.previous_value,
        pairs.se,
        pairs.previous_se,
        pairs.variance_method,
        pairs.n_items,
        pairs.previous_n_items,
        pairs.item_codes,
        pairs.previous_item_codes,
        pairs.n_respondents,
        pairs.previous_n_respondents,
        pairs.methodology_version,
        pairs.previous_methodology_version,
        like_for_like.value_like_for_like,
        like_for_like.previous_value_like_for_like,
        like_for_like.n_items_like_for_like,
        pairs.value - pairs.previous_value as change,
        pairs.item_codes <> pairs.previous_item_codes as is_membership_changed,
        like_for_like.value_like_for_like - like_for_like.previous_value_like_for_like as change_like_for_like
    from pairs
    left join like_for_like
        on
            pairs.wave_id = like_for_like.wave_id
            and pairs.weighting = like_for_like.weighting
            and pairs.indicator_code = like_for_like.indicator_code
)

select * from final
