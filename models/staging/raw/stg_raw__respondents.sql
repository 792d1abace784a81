with

source as (
    select * from {{ source('raw', 'respondents') }}
),

renamed as (
    select
        cast(wave_id as string) as wave_id,
        cast(respondent_id as string) as respondent_id,
        cast(source_row_number as integer) as source_row_number,
        cast(identifier_hashes as string) as identifier_hashes,
        cast(source_file as string) as source_file,
        cast(source_sha256 as string) as source_sha256,
        cast(loaded_at as {{ type_timestamptz() }}) as loaded_at
    from source
)

select * from renamed
