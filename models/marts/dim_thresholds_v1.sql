-- The thresholds the marts' flags were computed with (dbt vars of this build), one row each, so
-- that readers (the dashboard's notes, BI users) state the rule the release used instead of a
-- number typed into their texts.
with

thresholds as (
    select
        'small_base_n' as setting,
        cast({{ var('small_base_n') }} as double) as value,
        'is_small_base: the base (unweighted respondents or answers) is under this' as description_en
    union all
    select
        'small_cell_n' as setting,
        cast({{ var('small_cell_n') }} as double) as value,
        'is_small_cell: the count of one answer in one group is under this' as description_en
    union all
    select
        'significance_level' as setting,
        cast({{ var('significance_level') }} as double) as value,
        'is_significant: the two-sided p-value of a change is under this' as description_en
    union all
    select
        'ci_z' as setting,
        cast({{ var('ci_z') }} as double) as value,
        'ci_low, ci_high: estimate -+ this many standard errors (and the z of the Wilson intervals)'
            as description_en
    union all
    select
        'influence_min_effect' as setting,
        cast({{ var('influence_min_effect') }} as double) as value,
        'is_influential (Table 36): the effect size epsilon^2 is at least this' as description_en
    union all
    select
        'influence_max_p' as setting,
        cast({{ var('influence_max_p') }} as double) as value,
        'is_influential (Table 36): the (adjusted, in version 2) p-value is under this' as description_en
),

final as (
    select
        cast(setting as string) as setting,
        cast(value as double) as value,
        cast(description_en as string) as description_en
    from thresholds
)

select * from final
