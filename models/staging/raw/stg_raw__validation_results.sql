with

source as (
    select * from {{ source('raw', 'validation_results') }}
),

renamed as (
    select
        cast(build_id as string) as build_id,
        cast(wave_id as string) as wave_id,
        cast(source_file as string) as source_file,
        cast(check_name as string) as check_name,
        cast(variable_name as string) as variable_name,
        cast(success as boolean) as is_success,
        cast(detail as string) as detail
    from source
)

select * from renamed
