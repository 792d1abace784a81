with

source as (
    select * from {{ source('raw', 'codebook_values') }}
),

renamed as (
    select
        cast(wave_id as string) as wave_id,
        cast(variable_name as string) as variable_name,
        cast(value_num as double) as value_num,
        cast(value_code as string) as value_code,
        cast(label_en as string) as label_en
    from source
)

select * from renamed
