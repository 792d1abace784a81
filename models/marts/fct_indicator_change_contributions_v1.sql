-- Where did an indicator's change come from? Each observed annual wave against the previous one
-- (as in fct_indicator_changes): the contribution of every member item to the indicator's
-- change, and of every indicator to the composite's. With K the items of the later wave and
-- I0 the earlier indicator value, an item kept in the index contributes (s1 - s0) / K, an item
-- added by a new methodology version (s1 - I0) / K (it lifts the indicator when it scores above
-- the old level), an item dropped -(s0 - I0) / K; an indicator contributes (I1 - I0) / 4 to the
-- composite. The contributions add up to the change exactly (up to floating-point rounding).
with

pairs as (
    select * from {{ ref('int_indicator_wave_pairs') }}
),

item_scores as (
    select * from {{ ref('int_item_scores_estimated') }}
    where factor = 'total' and indicator_code is not null and score is not null
),

kept_or_added as (
    select
        pairs.wave_id,
        pairs.weighting,
        pairs.indicator_code,
        'item' as component_kind,
        later.item_code as component_code,
        case when earlier.item_code is null then 'added' else 'kept' end as membership,
        later.score as component_value,
        earlier.score as previous_component_value,
        case
            when earlier.item_code is null then (later.score - pairs.previous_value) / pairs.n_items
            else (later.score - earlier.score) / pairs.n_items
        end as contribution
    from pairs
    inner join item_scores as later
        on
            pairs.wave_id = later.wave_id
            and pairs.weighting = later.weighting
            and pairs.indicator_code = later.indicator_code
    left join item_scores as earlier
        on
            pairs.previous_wave_id = earlier.wave_id
            and pairs.weighting = earlier.weighting
            and pairs.indicator_code = earlier.indicator_code
            and later.item_code = earlier.item_code
),

dropped as (
    select
        pairs.wave_id,
        pairs.weighting,
        pairs.indicator_code,
        'item' as component_kind,
        earlier.item_code as component_code,
        'dropped' as membership,
        cast(null as double) as component_value,
        earlier.score as previous_component_value,
        -(earlier.score - pairs.previous_value) / pairs.n_items as contribution
    from pairs
    inner join item_scores as earlier
        on
            pairs.previous_wave_id = earlier.wave_id
            and pairs.weighting = earlier.weighting
            and pairs.indicator_code = earlier.indicator_code
    left join item_scores as later
        on
            pairs.wave_id = later.wave_id
            and pairs.weighting = later.weighting
            and pairs.indicator_code = later.indicator_code
            and earlier.item_code = later.item_code
    where later.item_code is null
),

indicators as (
    select
        composite.wave_id,
        composite.weighting,
        composite.indicator_code,
        'indicator' as component_kind,
        indicator.indicator_code as component_code,
        'kept' as membership,
        indicator.value as component_value,
        indicator.previous_value as previous_component_value,
        indicator.change / 4 as contribution
    from pairs as composite
    inner join pairs as indicator
        on
            composite.wave_id = indicator.wave_id
            and composite.previous_wave_id = indicator.previous_wave_id
            and composite.weighting = indicator.weighting
    where composite.indicator_code = 'composite' and indicator.indicator_code <> 'composite'
),

components as (
    select * from kept_or_added
    union all
    select * from dropped
    union all
    select * from indicators
),

final as (
    select
        cast(components.wave_id as string) as wave_id,
        cast(components.weighting as string) as weighting,
        cast(components.indicator_code as string) as indicator_code,
        cast(components.component_code as string) as component_code,
        cast(components.component_kind as string) as component_kind,
        cast(pairs.year as integer) as year,
        cast(pairs.previous_wave_id as string) as previous_wave_id,
        cast(pairs.previous_year as integer) as previous_year,
        cast(components.membership as string) as membership,
        cast(components.component_value as double) as component_value,
        cast(components.previous_component_value as double) as previous_component_value,
        cast(components.contribution as double) as contribution,
        cast(pairs.change as double) as change,
        cast(pairs.value as double) as value,
        cast(pairs.previous_value as double) as previous_value,
        cast(pairs.methodology_version as string) as methodology_version,
        cast(pairs.previous_methodology_version as string) as previous_methodology_version
    from components
    inner join pairs
        on
            components.wave_id = pairs.wave_id
            and components.weighting = pairs.weighting
            and components.indicator_code = pairs.indicator_code
)

select * from final
