with

source as (
    select * from {{ source('raw', 'value_labels') }}
),

renamed as (
    select
        cast(wave_id as string) as wave_id,
        cast(variable_name as string) as variable_name,
        cast(value_num as double) as value_num,
        cast(value_label as string) as value_label,
        cast(is_user_missing as boolean) as is_user_missing
    from source
)

select * from renamed
