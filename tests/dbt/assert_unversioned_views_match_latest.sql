-- The unversioned name answers with the latest version: marts.fct_item_scores and
-- marts.fct_indicators return exactly the rows of their _v1 relations.
{{ config(tags=['versioning']) }}
with

item_diff as (
    (select * from {{ ref('fct_item_scores', v=1) }} except all select * from marts.fct_item_scores)
    union all
    (select * from marts.fct_item_scores except all select * from {{ ref('fct_item_scores', v=1) }})
),

indicator_diff as (
    (select * from {{ ref('fct_indicators', v=1) }} except all select * from marts.fct_indicators)
    union all
    (select * from marts.fct_indicators except all select * from {{ ref('fct_indicators', v=1) }})
)

select 'fct_item_scores' as mart, count(*) as n_different from item_diff having count(*) > 0
union all
select 'fct_indicators' as mart, count(*) as n_different from indicator_diff having count(*) > 0
