with

scored as (
    select * from {{ ref('int_things_scored') }}
),

things as (
    select * from {{ ref('stg_raw__things') }}
),

labels as (
    select * from {{ ref('ref_labels') }}
),

final as (
    select
        cast(scored.thing_id as integer) as thing_id,
        cast(scored.label_code as string) as label_code,
        cast(labels.name_en as string) as label_name,
        cast(labels.note as string) as label_note,
        cast(scored.score as double) as score,
        cast(scored.rank_in_label as integer) as rank_in_label,
        cast(labels.is_active as boolean) as is_active,
        cast(things.seen_on as date) as seen_on
    from scored
    inner join things on scored.thing_id = things.thing_id
    left join labels on scored.label_code = labels.label_code
)

select * from final
