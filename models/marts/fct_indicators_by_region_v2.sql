-- Indicator values per wave, weighting and geographic unit (region as fielded, the 17 pre-2022
-- units, macro-region): the geographic factors of fct_indicators_by_group v2.
with

indicators as (
    select * from {{ ref('fct_indicators_by_group', v=2) }}
    where factor in ('region', 'region_2020_borders', 'macro_region')
),

final as (
    select
        wave_id,
        weighting,
        factor as geo_level,
        group_code as geo_code,
        indicator_code,
        year,
        fieldwork_start,
        fieldwork_end,
        value,
        se,
        ci_low,
        ci_high,
        n_replicates,
        variance_method,
        n_items,
        n_respondents,
        n_effective,
        is_small_base,
        methodology_version,
        series,
        n_items_required,
        n_items_present,
        item_coverage,
        is_complete,
        coverage_status,
        not_computed_reason
    from indicators
)

select * from final
