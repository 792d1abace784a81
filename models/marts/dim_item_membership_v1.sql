-- Item membership per methodology version: which item counts for which indicator under which
-- version (seeds/ref_methodology_membership.csv), one row per version x item of ref_items that
-- the version lists, with the year from which the version applies and whether it is the latest.
with

membership as (
    select * from {{ ref('ref_methodology_membership') }}
),

versions as (
    select * from {{ ref('ref_methodology_versions') }}
),

latest as (
    select max(year) as year
    from membership
),

final as (
    select
        cast(membership.methodology_version as string) as methodology_version,
        cast(membership.item_code as string) as item_code,
        cast(membership.indicator_code as string) as indicator_code,
        cast(membership.year as integer) as first_year,
        cast(membership.year = latest.year as boolean) as is_latest_version,
        cast(versions.description_en as string) as version_description_en
    from membership
    cross join latest
    left join versions
        on membership.methodology_version = versions.methodology_version
)

select * from final
