-- The thresholds dim_thresholds publishes are the ones the flags were computed with: every
-- small-base, small-cell, significance and influence (Table 36) flag of a mart agrees with the
-- published value, and the intervals are estimate -+ the published ci_z standard errors (a reader
-- quoting dim_thresholds states the rule the release used). Rows returned are failures.
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

differences as (
    select * from {{ ref('fct_factor_differences', v=2) }}
),

indicators as (
    select * from {{ ref('fct_indicators', v=2) }}
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

influence as (
    select 'fct_factor_differences_v2.is_influential' as flag, count(*) as n_disagreeing
    from differences
    inner join thresholds as min_effect
        on min_effect.setting = 'influence_min_effect'
    inner join thresholds as max_p
        on max_p.setting = 'influence_max_p'
    where
        differences.is_influential is not null
        and differences.is_influential <> (
            differences.statistic_value >= min_effect.value
            and (
                case differences.adjustment_method
                    when 'holm' then differences.p_value_holm
                    else differences.p_value_bh
                end
            ) < max_p.value
        )
),

interval_z as (
    select 'fct_indicators_v2.ci_low, ci_high' as flag, count(*) as n_disagreeing
    from indicators
    inner join thresholds
        on thresholds.setting = 'ci_z'
    where
        indicators.se > 0
        and indicators.ci_low > -1
        and indicators.ci_high < 1
        and abs((indicators.ci_high - indicators.ci_low) - 2 * thresholds.value * indicators.se) > 1e-9
),

missing as (
    select
        'dim_thresholds: ' || wanted.setting || ' missing' as flag,
        1 as n_disagreeing
    from (
        select 'small_base_n' as setting
        union all select 'small_cell_n' as setting
        union all select 'significance_level' as setting
        union all select 'ci_z' as setting
        union all select 'influence_min_effect' as setting
        union all select 'influence_max_p' as setting
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
select * from influence where n_disagreeing > 0
union all
select * from interval_z where n_disagreeing > 0
union all
select * from missing
