with

source as (
    select * from {{ source('raw', 'codebook_variables') }}
),

renamed as (
    select
        cast(wave_id as string) as wave_id,
        cast(variable_name as string) as variable_name,
        cast(role as string) as variable_role,
        cast(code as string) as variable_code,
        cast(label_en as string) as label_en,
        coalesce(cast(subject as string), '') as subject,
        coalesce(cast(is_numeric as boolean), false) as is_numeric
    from source
)

select * from renamed
