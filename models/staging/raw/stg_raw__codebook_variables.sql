with

source as (
    select * from {{ source('raw', 'codebook_variables') }}
),

renamed as (
    select
        cast(wave_id as varchar) as wave_id,
        cast(variable_name as varchar) as variable_name,
        cast(role as varchar) as variable_role,
        cast(code as varchar) as variable_code,
        cast(label_en as varchar) as label_en,
        coalesce(cast(subject as varchar), '') as subject,
        coalesce(cast(is_numeric as boolean), false) as is_numeric
    from source
)

select * from renamed
