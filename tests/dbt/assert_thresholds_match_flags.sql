-- The thresholds dim_thresholds publishes are the ones the flags were computed with: every
-- small-base, small-cell and significance flag of a mart agrees with the published value (a
-- reader quoting dim_thresholds states the rule the release used). Rows returned are failures.
with

thresholds as (
    select * from {{ ref('dim_thresholds', v=1) }}
),

groups as (
    select * from {{ ref('fct_indicators_by_group', v=1) }}
),

cells as (
    select * from {{ ref('fct_answer_distribution', v=1) }}
),

changes as (
    select * from {{ ref('fct_indicator_changes', v=1) }}
),

small_base as (
    select 'fct_indicators_by_group_v1.is_small_base' as flag, count(*) as n_disagreeing
    from groups
    inner join thresholds
        on thresholds.setting = 'small_base_n'
    where groups.is_small_base <> (groups.n_respondents < thresholds.value)
),

small_cell as (
    select 'fct_answer_distribution_v1.is_small_cell' as flag, count(*) as n_disagreeing
    from cells
    inner join thresholds
        on thresholds.setting = 'small_cell_n'
    where cells.is_small_cell <> (cells.n < thresholds.value)
),

significance as (
    select 'fct_indicator_changes_v1.is_significant' as flag, count(*) as n_disagreeing
    from changes
    inner join thresholds
        on thresholds.setting = 'significance_level'
    where changes.is_significant <> (changes.p_value < thresholds.value)
),

missing as (
    select
        'dim_thresholds: ' || wanted.setting || ' missing' as flag,
        1 as n_disagreeing
    from (
        select 'small_base_n' as setting
        union all select 'small_cell_n' as setting
        union all select 'significance_level' as setting
    ) as wanted
    left join thresholds
        on wanted.setting = thresholds.setting
    where thresholds.setting is null
)

select * from small_base where n_disagreeing > 0
union all
select * from small_cell where n_disagreeing > 0
union all
select * from significance where n_disagreeing > 0
union all
select * from missing
