with

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

kinds as (
    select * from {{ ref('ref_wave_kinds') }}
),

respondents as (
    select
        wave_id,
        count(*) as n_respondents
    from {{ ref('stg_raw__respondents') }}
    group by wave_id
),

final as (
    select
        cast(waves.wave_id as string) as wave_id,
        cast(waves.year as integer) as year,
        cast(waves.survey_kind as string) as survey_kind,
        cast(waves.fieldwork_start as date) as fieldwork_start,
        cast(waves.fieldwork_end as date) as fieldwork_end,
        cast(coalesce(respondents.n_respondents, 0) as integer) as n_respondents,
        cast(waves.is_synthetic as boolean) as is_synthetic,
        cast(waves.sample_note as string) as sample_note,
        cast(waves.source_sha256 as string) as source_sha256,
        cast(kinds.series as string) as series
    from waves
    left join respondents
        on waves.wave_id = respondents.wave_id
    left join kinds
        on waves.survey_kind = kinds.survey_kind
)

select * from final
