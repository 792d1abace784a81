-- Answer distributions per wave and weighting: every single-choice question and every index item
-- of every wave, whatever its kind, in total and per factor group (group 'missing' for
-- unknown values), with the Wilson 95 % interval of each share (effective n when weighted).
with

counts as (
    select * from {{ ref('int_answers_counted') }}
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

with_base as (
    select
        *,
        sum(n) over base_window as n_base,
        sum(w) over base_window as w_base,
        sum(w2) over base_window as w2_base
    from counts
    window base_window as (partition by wave_id, weighting, question_code, subject, factor, group_code)
),

shares as (
    select
        *,
        {{ pct('cast(w as double)', 'cast(w_base as double)') }} as pct,
        {{ kish_n_effective('w_base', 'w2_base') }} as n_effective
    from with_base
),

final as (
    select
        cast(shares.wave_id as string) as wave_id,
        cast(shares.weighting as string) as weighting,
        cast(shares.question_code as string) as question_code,
        cast(shares.subject as string) as subject,
        cast(shares.factor as string) as factor,
        cast(shares.group_code as string) as group_code,
        cast(shares.answer_code as string) as answer_code,
        cast(shares.year as integer) as year,
        cast(waves.fieldwork_start as date) as fieldwork_start,
        cast(waves.fieldwork_end as date) as fieldwork_end,
        cast(shares.variable_role as string) as variable_role,
        cast(shares.n as integer) as n,
        cast(shares.n_base as integer) as n_base,
        cast(shares.n_effective as double) as n_effective,
        cast(shares.pct as double) as pct,
        {{ share_uncertainty_columns('shares.pct', 'shares.n_effective') }},
        cast(shares.n_base < {{ var('small_base_n') }} as boolean) as is_small_base,
        cast(shares.n < {{ var('small_cell_n') }} as boolean) as is_small_cell
    from shares
    inner join waves
        on shares.wave_id = waves.wave_id
)

select * from final
