-- Index items and other scored questions with their wording; indicator_code is the item's
-- indicator under the latest methodology version (null when that version does not count it):
-- an item's indicator depends on the version, so every version's membership is in
-- dim_item_membership.
with

items as (
    select * from {{ ref('ref_items') }}
),

membership as (
    select * from {{ ref('ref_methodology_membership') }}
),

latest_year as (
    select max(year) as year
    from membership
),

latest_membership as (
    select membership.*
    from membership
    inner join latest_year
        on membership.year = latest_year.year
),

final as (
    select
        cast(items.item_code as string) as item_code,
        cast(latest_membership.indicator_code as string) as indicator_code,
        cast(items.text_en as string) as text_en,
        cast(items.text_ru as string) as text_ru,
        cast(items.positive_answer as string) as positive_answer,
        cast(items.negative_answer as string) as negative_answer,
        cast(items.neutral_answer as string) as neutral_answer,
        cast(items.first_year as integer) as first_year,
        cast(latest_membership.methodology_version as string) as latest_methodology_version
    from items
    left join latest_membership
        on items.item_code = latest_membership.item_code
)

select * from final
