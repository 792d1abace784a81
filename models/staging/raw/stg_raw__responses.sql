with

source as (
    select * from {{ source('raw', 'responses') }}
),

renamed as (
    select
        cast(wave_id as string) as wave_id,
        cast(respondent_id as string) as respondent_id,
        cast(source_row_number as integer) as source_row_number,
        cast(variable_name as string) as variable_name,
        cast(value_num as double) as value_num,
        cast(value_text as string) as value_text,
        cast(is_system_missing as boolean) as is_system_missing,
        cast(is_user_missing as boolean) as is_user_missing,
        cast(source_file as string) as source_file,
        cast(source_sha256 as string) as source_sha256,
        cast(loaded_at as {{ type_timestamptz() }}) as loaded_at
    from source
)

select * from renamed
