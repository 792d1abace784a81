-- Observed item scores: one row per annual wave year x item.
with

answers as (
    select * from {{ ref('int_item_answers_classified') }}
),

counted as (
    select
        year,
        item_code,
        any_value(wave_id) as wave_id,
        any_value(indicator_code) as indicator_code,
        any_value(methodology_version) as methodology_version,
        {{ valence_counts('valence') }}
    from answers
    group by year, item_code
),

final as (
    select
        *,
        {{ score_columns() }}
    from counted
)

select * from final
