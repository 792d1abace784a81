-- Membership per methodology version as reconstructed from the report (METHODOLOGY.md):
-- 2020: 1/5/8/8, 2021: 1/5/11/11, 2023: 1/6/11/11 items (general/geopolitical/economic/cultural).
with

expected as (
    select * from (
        values
        ('v2020', 'general', 1), ('v2020', 'geopolitical', 5), ('v2020', 'economic', 8),
        ('v2020', 'cultural', 8),
        ('v2021', 'general', 1), ('v2021', 'geopolitical', 5), ('v2021', 'economic', 11),
        ('v2021', 'cultural', 11),
        ('v2023', 'general', 1), ('v2023', 'geopolitical', 6), ('v2023', 'economic', 11),
        ('v2023', 'cultural', 11)
    ) as t (methodology_version, indicator_code, n_items)
),

actual as (
    select methodology_version, indicator_code, count(*) as n_items
    from {{ ref('ref_methodology_membership') }}
    group by methodology_version, indicator_code
)

select
    coalesce(expected.methodology_version, actual.methodology_version) as methodology_version,
    coalesce(expected.indicator_code, actual.indicator_code) as indicator_code,
    expected.n_items as expected_items,
    actual.n_items as actual_items
from expected
full outer join actual
    on
        expected.methodology_version = actual.methodology_version
        and expected.indicator_code = actual.indicator_code
where expected.n_items is distinct from actual.n_items
