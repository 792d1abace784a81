with

source as (
    select * from {{ source('raw', 'variables') }}
),

renamed as (
    select
        cast(wave_id as string) as wave_id,
        cast(variable_name as string) as variable_name,
        cast(position as integer) as variable_position,
        cast(label as string) as source_label,
        cast(measure as string) as measure,
        cast(format as string) as source_format
    from source
)

select * from renamed
