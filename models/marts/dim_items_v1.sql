with

items as (
    select * from {{ ref('ref_items') }}
),

final as (
    select
        cast(item_code as string) as item_code,
        cast(nullif(indicator_code, '') as string) as indicator_code,
        cast(text_en as string) as text_en,
        cast(text_ru as string) as text_ru,
        cast(positive_answer as string) as positive_answer,
        cast(negative_answer as string) as negative_answer,
        cast(neutral_answer as string) as neutral_answer,
        cast(first_year as integer) as first_year
    from items
)

select * from final
