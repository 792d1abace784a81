with

source as (
    select * from {{ source('raw', 'waves') }}
),

renamed as (
    select
        cast(wave_id as string) as wave_id,
        cast(year as integer) as year,
        cast(fieldwork_start as date) as fieldwork_start,
        cast(fieldwork_end as date) as fieldwork_end,
        cast(survey_kind as string) as survey_kind,
        cast(is_synthetic as boolean) as is_synthetic,
        cast(sample_note as string) as sample_note,
        cast(n_rows as integer) as n_rows,
        cast(source_file as string) as source_file,
        cast(source_sha256 as string) as source_sha256,
        cast(codebook_sha256 as string) as codebook_sha256,
        cast(encoding as string) as encoding,
        cast(loaded_at as {{ type_timestamptz() }}) as loaded_at
    from source
)

select * from renamed
