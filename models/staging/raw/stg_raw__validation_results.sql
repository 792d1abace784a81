with

source as (
    select * from {{ source('raw', 'validation_results') }}
),

renamed as (
    select
        cast(build_id as varchar) as build_id,
        cast(wave_id as varchar) as wave_id,
        cast(source_file as varchar) as source_file,
        cast(check_name as varchar) as check_name,
        cast(variable_name as varchar) as variable_name,
        cast(success as boolean) as is_success,
        cast(detail as varchar) as detail
    from source
)

select * from renamed
