with

source as (
    select * from {{ source('raw', 'things') }}
),

renamed as (
    select
        cast(thing_id as integer) as thing_id,
        cast(label_code as string) as label_code,
        cast(amount as double) as amount,
        cast(seen_on as date) as seen_on,
        cast(loaded_at as {{ type_timestamptz() }}) as loaded_at
    from source
)

select * from renamed
