with

regions as (
    select * from {{ ref('ref_regions') }}
),

macro_regions as (
    select * from {{ ref('ref_macro_regions') }}
),

final as (
    select
        cast(regions.region_code as string) as region_code,
        cast(regions.name_en as string) as name_en,
        cast(regions.name_ru as string) as name_ru,
        cast(regions.macro_region as string) as macro_region,
        cast(macro_regions.name_en as string) as macro_region_name_en,
        cast(macro_regions.name_ru as string) as macro_region_name_ru,
        cast(regions.is_city as boolean) as is_city,
        cast(regions.exists_from_year as integer) as exists_from_year,
        cast(regions.region_2020_borders as string) as parent_region_code_pre2022
    from regions
    left join macro_regions
        on regions.macro_region = macro_regions.macro_region
)

select * from final
