-- Chinese projects per wave and weighting, one row per measure: 'aware' (share of those asked
-- who know the project) and the attitudes 'approve', 'neutral', 'disapprove', 'unsure' (shares
-- among the aware who answered the attitude question), each with its base and Wilson 95 %
-- interval. The approval ratio of version 1 is pct(approve) / pct(disapprove).
with

answers as (
    select * from {{ ref('int_answers_harmonised') }}
    where question_code in ('project_awareness', 'project_attitude') and not is_missing
),

respondents as (
    select * from {{ ref('int_respondent_weightings_expanded') }}
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

awareness as (
    select
        wave_id,
        respondent_id,
        subject as project_code,
        answer_code
    from answers
    where question_code = 'project_awareness'
),

attitude as (
    select
        wave_id,
        respondent_id,
        subject as project_code,
        answer_code
    from answers
    where question_code = 'project_attitude'
),

-- attitudes are asked of (and counted among) those aware of the project
measured as (
    select
        wave_id,
        respondent_id,
        project_code,
        'asked' as base_code,
        case when answer_code = 'aware' then 'aware' end as measure_code
    from awareness
    union all
    select
        awareness.wave_id,
        awareness.respondent_id,
        awareness.project_code,
        'aware' as base_code,
        attitude.answer_code as measure_code
    from awareness
    inner join attitude
        on
            awareness.wave_id = attitude.wave_id
            and awareness.respondent_id = attitude.respondent_id
            and awareness.project_code = attitude.project_code
    where awareness.answer_code = 'aware'
),

weighted as (
    select
        measured.wave_id,
        respondents.weighting,
        measured.project_code,
        measured.base_code,
        measured.measure_code,
        respondents.w
    from measured
    inner join respondents
        on
            measured.wave_id = respondents.wave_id
            and measured.respondent_id = respondents.respondent_id
),

bases as (
    select
        wave_id,
        weighting,
        project_code,
        base_code,
        count(*) as n_base,
        sum(w) as w_base,
        sum(w * w) as w2_base
    from weighted
    group by wave_id, weighting, project_code, base_code
),

measures as (
    select
        wave_id,
        weighting,
        project_code,
        base_code,
        measure_code,
        count(*) as n,
        sum(w) as w
    from weighted
    where measure_code is not null
    group by wave_id, weighting, project_code, base_code, measure_code
),

measure_codes as (
    select
        codes.base_code,
        codes.measure_code
    from (
        values
        ('asked', 'aware'), ('aware', 'approve'), ('aware', 'neutral'), ('aware', 'disapprove'),
        ('aware', 'unsure')
    ) as codes (base_code, measure_code)
),

-- every measure of every project, 0 when nobody gave the answer
grid as (
    select
        bases.*,
        measure_codes.measure_code
    from bases
    inner join measure_codes
        on bases.base_code = measure_codes.base_code
),

shares as (
    select
        grid.wave_id,
        grid.weighting,
        grid.project_code,
        grid.measure_code,
        grid.base_code,
        grid.n_base,
        coalesce(measures.n, 0) as n,
        {{ kish_n_effective('grid.w_base', 'grid.w2_base') }} as n_effective,
        coalesce({{ pct('cast(measures.w as double)', 'cast(grid.w_base as double)') }}, 0) as pct
    from grid
    left join measures
        on
            grid.wave_id = measures.wave_id
            and grid.weighting = measures.weighting
            and grid.project_code = measures.project_code
            and grid.measure_code = measures.measure_code
),

final as (
    select
        cast(shares.wave_id as string) as wave_id,
        cast(shares.weighting as string) as weighting,
        cast(shares.project_code as string) as project_code,
        cast(shares.measure_code as string) as measure_code,
        cast(waves.year as integer) as year,
        cast(waves.fieldwork_start as date) as fieldwork_start,
        cast(waves.fieldwork_end as date) as fieldwork_end,
        cast(shares.base_code as string) as base_code,
        cast(shares.n as integer) as n,
        cast(shares.n_base as integer) as n_base,
        cast(shares.n_effective as double) as n_effective,
        cast(shares.pct as double) as pct,
        {{ share_uncertainty_columns('shares.pct', 'shares.n_effective') }},
        cast(shares.n_base < {{ var('small_base_n') }} as boolean) as is_small_base
    from shares
    inner join waves
        on shares.wave_id = waves.wave_id
)

select * from final
