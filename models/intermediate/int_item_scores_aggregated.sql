-- Observed item scores (version 1 marts): one row per annual wave year x item, pooling the
-- unweighted counts of every wave of the annual series of the year (wave_id: the first wave of
-- the year). Version 1 is the annual series by definition (docs/marts.md): the monthly series is
-- in the version-2 marts, keyed by wave.
with

counts as (
    select * from {{ ref('int_item_answers_counted') }}
    where weighting = 'unweighted' and factor = 'total' and series = 'annual'
),

counted as (
    select
        year,
        item_code,
        min(wave_id) as wave_id,
        max(indicator_code) as indicator_code,
        max(methodology_version) as methodology_version,
        {{ pooled_valence_counts() }}
    from counts
    group by year, item_code
),

final as (
    select
        *,
        {{ score_columns() }}
    from counted
)

select * from final
