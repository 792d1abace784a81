-- Indicator values per year x factor x group (version 1 marts): mean of the group's member item
-- scores; n_respondents = respondents with a valid member-item answer, summed over the year's
-- annual waves. The coverage rule is the year's (int_indicator_coverage_by_year): a group's
-- indicator is published when the year has the items its methodology version asks for.
{%- set keys = ['year', 'factor', 'group_code'] %}
with

item_scores as (
    select * from {{ ref('int_item_scores_by_group') }}
),

coverage as (
    select * from {{ ref('int_indicator_coverage_by_year') }}
),

bases as (
    select * from {{ ref('int_indicator_bases_counted') }}
    where weighting = 'unweighted' and factor <> 'total' and group_code <> 'missing' and series = 'annual'
),

respondent_counts as (
    select
        year,
        factor,
        group_code,
        indicator_code,
        sum(n_respondents) as n_respondents
    from bases
    group by year, factor, group_code, indicator_code
),

{{ indicator_rollup(keys, ['year']) }},

final as (
    select
        all_indicators.*,
        coalesce(respondent_counts.n_respondents, 0) as n_respondents
    from all_indicators
    left join respondent_counts
        on
            all_indicators.year = respondent_counts.year
            and all_indicators.factor = respondent_counts.factor
            and all_indicators.group_code = respondent_counts.group_code
            and all_indicators.indicator_code = respondent_counts.indicator_code
)

select * from final
