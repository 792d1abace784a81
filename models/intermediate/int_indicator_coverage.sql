-- Coverage of the index per wave x indicator (composite included), every wave whatever its kind:
-- the items the wave's methodology version asks for, those the wave has (at least one valid
-- answer), the share, and what the rule (var indicator_min_coverage) makes of it
-- (macros/indicator_coverage.sql).
{%- set keys = ['wave_id', 'year', 'series'] %}
with

cells as (
    select * from {{ ref('int_methodology_years') }}
    where methodology_version is not null
),

present as (
    select * from {{ ref('int_item_answers_counted') }}
    where weighting = 'unweighted' and factor = 'total' and n_valid > 0
),

{{ indicator_coverage(keys, 'cells', 'present') }},

final as (
    select * from coverage
)

select * from final
