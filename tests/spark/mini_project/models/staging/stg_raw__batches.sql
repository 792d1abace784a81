with

source as (
    select * from {{ source('raw', 'batches') }}
),

renamed as (
    select
        cast(batch_id as string) as batch_id,
        cast(passed as boolean) as passed
    from source
)

select * from renamed
