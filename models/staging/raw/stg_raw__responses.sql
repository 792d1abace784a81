with

source as (
    select * from {{ source('raw', 'responses') }}
),

renamed as (
    select
        cast(wave_id as varchar) as wave_id,
        cast(respondent_id as varchar) as respondent_id,
        cast(source_row_number as integer) as source_row_number,
        cast(variable_name as varchar) as variable_name,
        cast(value_num as double) as value_num,
        cast(value_text as varchar) as value_text,
        cast(is_system_missing as boolean) as is_system_missing,
        cast(is_user_missing as boolean) as is_user_missing,
        cast(source_file as varchar) as source_file,
        cast(source_sha256 as varchar) as source_sha256,
        cast(loaded_at as timestamptz) as loaded_at
    from source
)

select * from renamed
