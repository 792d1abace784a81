-- Coverage of the index per year of the annual series x indicator (composite included), the
-- grain of the version-1 marts: the items the year's methodology version asks for, those the
-- year's annual waves have, and what the rule (var indicator_min_coverage) makes of it
-- (macros/indicator_coverage.sql).
{%- set keys = ['year'] %}
with

cells as (
    select distinct
        year,
        methodology_version
    from {{ ref('int_methodology_years') }}
    where series = 'annual' and methodology_version is not null
),

present as (
    select * from {{ ref('int_item_scores_aggregated') }}
    where n_valid > 0
),

{{ indicator_coverage(keys, 'cells', 'present') }},

final as (
    select * from coverage
)

select * from final
