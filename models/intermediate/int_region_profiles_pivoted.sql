-- Region profiles for clustering: one row per annual year x region (units as fielded) x index
-- item with the item score, keeping only items scored in every region of that year.
with

item_scores as (
    select
        *,
        group_code as geo_code
    from {{ ref('int_item_scores_by_group') }}
    where factor = 'region' and indicator_code is not null and score is not null
),

region_counts as (
    select
        year,
        count(distinct geo_code) as n_regions
    from item_scores
    group by year
),

complete_items as (
    select
        item_scores.year,
        item_scores.item_code
    from item_scores
    inner join region_counts
        on item_scores.year = region_counts.year
    group by item_scores.year, item_scores.item_code, region_counts.n_regions
    having count(distinct item_scores.geo_code) = region_counts.n_regions
),

final as (
    select
        item_scores.year,
        item_scores.geo_code as region_code,
        item_scores.item_code,
        item_scores.score
    from item_scores
    inner join complete_items
        on
            item_scores.year = complete_items.year
            and item_scores.item_code = complete_items.item_code
)

select * from final
