-- Item scores per year x factor x group (version 1 marts: the annual series, unweighted, known
-- groups only), pooling the counts of every annual wave of the year.
with

counts as (
    select * from {{ ref('int_item_answers_counted') }}
    where weighting = 'unweighted' and factor <> 'total' and group_code <> 'missing' and series = 'annual'
),

counted as (
    select
        year,
        factor,
        group_code,
        item_code,
        max(indicator_code) as indicator_code,
        max(methodology_version) as methodology_version,
        {{ pooled_valence_counts() }}
    from counts
    group by year, factor, group_code, item_code
),

final as (
    select
        *,
        {{ score_columns() }}
    from counted
)

select * from final
