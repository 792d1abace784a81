-- Methodology versions are data: every check here is derived from the seeds, none is typed in.
-- A row returned is a broken promise, named with its fix:
--   * a membership version missing from ref_methodology_versions (or with another year there);
--   * a non-interpolated version of ref_methodology_versions without members;
--   * a version that leaves an indicator of ref_indicators (not the composite) without items;
--   * a member indicator that ref_indicators does not know, or the composite as a member;
--   * an item in two indicators of one version, or one version with two years.
-- (Every member item is in ref_items: the relationships test of the seed.)
with

membership as (
    select * from {{ ref('ref_methodology_membership') }}
),

versions as (
    select * from {{ ref('ref_methodology_versions') }}
),

indicators as (
    select * from {{ ref('ref_indicators') }}
),

membership_versions as (
    select
        methodology_version,
        min(year) as year,
        count(distinct year) as n_years
    from membership
    group by methodology_version
),

unknown_version as (
    select
        membership_versions.methodology_version,
        cast(null as string) as code,
        'version in ref_methodology_membership but not in ref_methodology_versions (or with another year)'
        || ': add a row with the same methodology_version and year to seeds/ref_methodology_versions.csv'
            as problem
    from membership_versions
    left join versions
        on
            membership_versions.methodology_version = versions.methodology_version
            and membership_versions.year = versions.year
            and not versions.is_interpolated
    where versions.methodology_version is null
),

version_without_members as (
    select
        versions.methodology_version,
        cast(null as string) as code,
        'version in ref_methodology_versions without members: add its items to '
        || 'seeds/ref_methodology_membership.csv or mark it is_interpolated' as problem
    from versions
    left join membership_versions
        on versions.methodology_version = membership_versions.methodology_version
    where not versions.is_interpolated and membership_versions.methodology_version is null
),

empty_indicator as (
    select
        membership_versions.methodology_version,
        indicators.indicator_code as code,
        'indicator without items in this version: every version lists the items of every indicator '
        || 'in seeds/ref_methodology_membership.csv' as problem
    from membership_versions
    cross join indicators
    left join membership
        on
            membership_versions.methodology_version = membership.methodology_version
            and indicators.indicator_code = membership.indicator_code
    where not indicators.is_composite and membership.item_code is null
),

unknown_indicator as (
    select
        membership.methodology_version,
        membership.indicator_code as code,
        'member indicator not in seeds/ref_indicators.csv (or the composite, which has no items of its '
        || 'own): use one of the indicators listed there' as problem
    from membership
    left join indicators
        on membership.indicator_code = indicators.indicator_code
    where indicators.indicator_code is null or indicators.is_composite
),

item_twice as (
    select
        methodology_version,
        item_code as code,
        'item listed more than once in this version: keep one row (an item counts for one indicator)'
            as problem
    from membership
    group by methodology_version, item_code
    having count(*) > 1
),

two_years as (
    select
        methodology_version,
        cast(null as string) as code,
        'version with more than one year in seeds/ref_methodology_membership.csv: one year per version'
            as problem
    from membership_versions
    where n_years > 1
),

final as (
    select * from unknown_version
    union all
    select * from version_without_members
    union all
    select * from empty_indicator
    union all
    select * from unknown_indicator
    union all
    select * from item_twice
    union all
    select * from two_years
)

select * from final
