with

source as (
    select * from {{ source('raw', 'codebook_values') }}
),

renamed as (
    select
        cast(wave_id as varchar) as wave_id,
        cast(variable_name as varchar) as variable_name,
        cast(value_num as double) as value_num,
        cast(value_code as varchar) as value_code,
        cast(label_en as varchar) as label_en
    from source
)

select * from renamed
