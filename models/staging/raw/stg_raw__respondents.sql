with

source as (
    select * from {{ source('raw', 'respondents') }}
),

renamed as (
    select
        cast(wave_id as varchar) as wave_id,
        cast(respondent_id as varchar) as respondent_id,
        cast(source_row_number as integer) as source_row_number,
        cast(identifier_hashes as varchar) as identifier_hashes,
        cast(source_file as varchar) as source_file,
        cast(source_sha256 as varchar) as source_sha256,
        cast(loaded_at as timestamptz) as loaded_at
    from source
)

select * from renamed
