with

source as (
    select * from {{ source('raw', 'waves') }}
),

renamed as (
    select
        cast(wave_id as varchar) as wave_id,
        cast(year as integer) as year,
        cast(fieldwork_start as date) as fieldwork_start,
        cast(fieldwork_end as date) as fieldwork_end,
        cast(survey_kind as varchar) as survey_kind,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(sample_note as varchar) as sample_note,
        cast(n_rows as integer) as n_rows,
        cast(source_file as varchar) as source_file,
        cast(source_sha256 as varchar) as source_sha256,
        cast(codebook_sha256 as varchar) as codebook_sha256,
        cast(encoding as varchar) as encoding,
        cast(loaded_at as timestamptz) as loaded_at
    from source
)

select * from renamed
