with

items as (
    select * from {{ ref('ref_items') }}
),

final as (
    select
        cast(item_code as varchar) as item_code,
        cast(nullif(indicator_code, '') as varchar) as indicator_code,
        cast(text_en as varchar) as text_en,
        cast(text_ru as varchar) as text_ru,
        cast(positive_answer as varchar) as positive_answer,
        cast(negative_answer as varchar) as negative_answer,
        cast(neutral_answer as varchar) as neutral_answer,
        cast(first_year as integer) as first_year
    from items
)

select * from final
