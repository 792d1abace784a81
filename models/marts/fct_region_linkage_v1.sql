with

linkage as (
    select * from {{ ref('int_region_linkage_computed') }}
),

final as (
    select
        cast(year as integer) as year,
        cast(step as integer) as step,
        cast(left_node as integer) as left_node,
        cast(right_node as integer) as right_node,
        cast(distance as double) as distance,
        cast(size as integer) as size
    from linkage
)

select * from final
