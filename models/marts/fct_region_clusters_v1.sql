with

clusters as (
    select * from {{ ref('int_region_clusters_computed') }}
),

final as (
    select
        cast(year as integer) as year,
        cast(region_code as varchar) as region_code,
        cast(dendrogram_order as integer) as dendrogram_order,
        cast(cluster_level_1 as integer) as cluster_level_1,
        cast(cluster_level_2 as integer) as cluster_level_2,
        cast(cluster_level_3 as integer) as cluster_level_3,
        cast(cluster_level_4 as integer) as cluster_level_4,
        cast(cluster_level_5 as integer) as cluster_level_5,
        cast(n_regions as integer) as n_regions
    from clusters
)

select * from final
