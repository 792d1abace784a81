with

source as (
    select * from {{ source('raw', 'variables') }}
),

renamed as (
    select
        cast(wave_id as varchar) as wave_id,
        cast(variable_name as varchar) as variable_name,
        cast(position as integer) as variable_position,
        cast(label as varchar) as source_label,
        cast(measure as varchar) as measure,
        cast(format as varchar) as source_format
    from source
)

select * from renamed
