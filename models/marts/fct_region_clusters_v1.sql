with

clusters as (
    select * from {{ ref('int_region_clusters_computed') }}
),

stability as (
    select * from {{ ref('int_region_cluster_stability_computed') }}
),

bases as (
    select
        year,
        group_code as region_code,
        n_respondents
    from {{ ref('int_indicators_by_group') }}
    where factor = 'region' and indicator_code = 'composite'
),

final as (
    select
        cast(clusters.year as integer) as year,
        cast(clusters.region_code as string) as region_code,
        cast(clusters.dendrogram_order as integer) as dendrogram_order,
        cast(clusters.cluster_level_1 as integer) as cluster_level_1,
        cast(clusters.cluster_level_2 as integer) as cluster_level_2,
        cast(clusters.cluster_level_3 as integer) as cluster_level_3,
        cast(clusters.cluster_level_4 as integer) as cluster_level_4,
        cast(clusters.cluster_level_5 as integer) as cluster_level_5,
        cast(clusters.n_regions as integer) as n_regions,
        cast(bases.n_respondents as integer) as n_respondents,
        cast(coalesce(bases.n_respondents, 0) < {{ var('small_base_n') }} as boolean) as is_small_base,
        cast(stability.cophenetic_correlation as double) as cophenetic_correlation,
        {%- for level in range(1, 6) %}
            cast(stability.stability_level_{{ level }} as double) as stability_level_{{ level }},
        {%- endfor %}
        cast(stability.n_replicates as integer) as n_replicates
    from clusters
    left join bases
        on
            clusters.year = bases.year
            and clusters.region_code = bases.region_code
    left join stability
        on
            clusters.year = stability.year
            and clusters.region_code = stability.region_code
)

select * from final
