{#-
  Generic data tests for invariants that every aggregate must keep, whatever its shape
  (docs/marts.md, "Tests"). Each returns the offending rows (none = pass).
-#}

{#-
  For every factor, the counts of its groups add up to the whole: exactly when `complete` (the
  factor has a 'missing' group for unknown values), at most otherwise (groups of known values
  only). The whole comes from `reference` (a relation, another mart or the model itself), summed
  over `reference_keys` (default: `keys`) where `reference_where` holds.
  Catches a group counted twice (the 2023 sample profile once had regions summing to 3,232 for a
  wave of 1,616).
-#}
{% test group_counts_add_up(model, count_column, keys, reference, reference_count, reference_keys=none,
    reference_where='1 = 1', complete=true, factor_column='factor', where='1 = 1') %}
{%- set ref_keys = reference_keys or keys %}
with

groups as (
    select
        {% for key in keys %}{{ key }}, {% endfor %}{{ factor_column }} as factor,
        sum({{ count_column }}) as group_total
    from {{ model }}
    where {{ factor_column }} <> 'total' and {{ where }}
    group by {% for key in keys %}{{ key }}, {% endfor %}{{ factor_column }}
),

whole as (
    select
        {% for key in keys %}{{ ref_keys[loop.index0] }} as {{ key }}, {% endfor %}
        sum({{ reference_count }}) as reference_total
    from {{ reference }}
    where {{ reference_where }}
    group by {{ ref_keys | join(', ') }}
)

select
    groups.*,
    whole.reference_total
from groups
left join whole
    on {% for key in keys %}groups.{{ key }} = whole.{{ key }}{{ ' and ' if not loop.last }}{% endfor %}
where
    whole.reference_total is null
    or groups.group_total > whole.reference_total
    {%- if complete %}
        or groups.group_total <> whole.reference_total
    {%- endif %}
{% endtest %}

{#- A count never exceeds its base, and neither is negative. -#}
{% test numerator_at_most_base(model, column_name, base) %}
    select {{ column_name }}, {{ base }}
    from {{ model }}
    where {{ column_name }} > {{ base }} or {{ column_name }} < 0 or {{ base }} < 0
{% endtest %}

{#- A percentage equals 100 * numerator / base (unweighted shares). -#}
{% test share_matches_counts(model, column_name, numerator, base, tolerance=1e-9) %}
    select {{ column_name }}, {{ numerator }}, {{ base }}
    from {{ model }}
    where
        ({{ base }} > 0 and abs({{ column_name }} - 100.0 * {{ numerator }} / {{ base }}) > {{ tolerance }})
        or ({{ base }} > 0 and {{ column_name }} is null)
{% endtest %}

{#- An estimate lies inside its interval: low <= value <= high. A row with a value and a null
    bound fails (an estimate without its interval); rows without a value pass. -#}
{% test value_within_interval(model, column_name, low, high, tolerance=1e-12) %}
    select {{ low }}, {{ column_name }}, {{ high }}
    from {{ model }}
    where
        {{ low }} > {{ column_name }} + {{ tolerance }}
        or {{ column_name }} > {{ high }} + {{ tolerance }}
        or ({{ column_name }} is not null and ({{ low }} is null or {{ high }} is null))
{% endtest %}

{#- column <= upper (+ tolerance), e.g. the effective n never exceeds the base. -#}
{% test at_most(model, column_name, upper, tolerance=1e-9) %}
    select {{ column_name }}, {{ upper }}
    from {{ model }}
    where {{ column_name }} > {{ upper }} + {{ tolerance }}
{% endtest %}

{#- |column - other| <= tolerance, e.g. the weights of a wave sum to its respondents. -#}
{% test equals_within(model, column_name, other, tolerance=1e-6) %}
    select {{ column_name }}, {{ other }}
    from {{ model }}
    where abs({{ column_name }} - {{ other }}) > {{ tolerance }} or ({{ column_name }} is null) <> ({{ other }} is null)
{% endtest %}

{#- Parts add up to their whole: per `keys`, sum(column) = the (single) value of `whole`. -#}
{% test parts_sum_to_whole(model, column_name, whole, keys, tolerance=1e-12) %}
    select {{ keys | join(', ') }}, sum({{ column_name }}) as parts, min({{ whole }}) as whole_min,
        max({{ whole }}) as whole_max
    from {{ model }}
    group by {{ keys | join(', ') }}
    having
        abs(sum({{ column_name }}) - max({{ whole }})) > {{ tolerance }}
        or min({{ whole }}) <> max({{ whole }})
{% endtest %}

{#-
  An indicator value (other than the composite) is the mean of the scores of the items its
  `items` mart assigns to it under the same `keys`, over n_items items (and, with
  `check_item_codes`, item_codes lists exactly those items).
-#}
{% test indicator_is_mean_of_items(model, items, keys, where='1 = 1', items_where='1 = 1', check_item_codes=false,
    tolerance=1e-12) %}
with

items as (
    select
        {{ keys | join(', ') }},
        indicator_code,
        avg(score) as mean_score,
        count(*) as n_items,
        {{ ordered_string_agg('item_code') }} as item_codes
    from {{ items }}
    where indicator_code is not null and score is not null and {{ items_where }}
    group by {{ keys | join(', ') }}, indicator_code
),

indicators as (
    select * from {{ model }}
    where indicator_code <> 'composite' and value is not null and {{ where }}
)

select indicators.*, items.mean_score, items.n_items as item_count, items.item_codes as item_list
from indicators
left join items
    on
        {% for key in keys %}indicators.{{ key }} = items.{{ key }} and {% endfor %}
        indicators.indicator_code = items.indicator_code
where
    items.mean_score is null
    or abs(indicators.value - items.mean_score) > {{ tolerance }}
    or indicators.n_items <> items.n_items
    {%- if check_item_codes %}
        or indicators.item_codes <> items.item_codes
    {%- endif %}
{% endtest %}

{#- The composite is the mean of the four indicators of the same `keys`, and exists only with all four. -#}
{% test composite_is_mean_of_indicators(model, keys, where='1 = 1', tolerance=1e-12) %}
with

rows_ as (
    select * from {{ model }} where {{ where }}
),

{%- set components = component_indicator_codes() %}
four as (
    select {{ keys | join(', ') }}, avg(value) as mean_value, count(*) as n_indicators
    from rows_
    where indicator_code in ({% for code in components %}'{{ code }}'{{ ', ' if not loop.last }}{% endfor %})
    group by {{ keys | join(', ') }}
),

composite as (
    select {{ keys | join(', ') }}, value
    from rows_
    where indicator_code = 'composite'
)

select composite.*, four.mean_value, four.n_indicators
from composite
left join four
    on {% for key in keys %}composite.{{ key }} = four.{{ key }}{{ ' and ' if not loop.last }}{% endfor %}
where four.n_indicators is distinct from {{ components | length }} or abs(composite.value - four.mean_value) > {{ tolerance }}
{% endtest %}

{#- Coverage (docs/marts.md, "Coverage"): no complete-flagged row with missing items, a value exactly
    where the rule computes one, a reason exactly where the row is not complete. -#}
{% test coverage_is_consistent(model) %}
select *
from {{ model }}
where
    (is_complete and n_items_present is distinct from n_items_required)
    or (n_items_present > n_items_required)
    or ((coverage_status = 'complete') is distinct from is_complete)
    or (coverage_status = 'not_computed' and value is not null)
    or (coverage_status <> 'not_computed' and value is null)
    or (is_complete and not_computed_reason is not null)
    or (not is_complete and not_computed_reason is null)
{% endtest %}

{#- No change between non-comparable rows: every change row of `model` (keys wave_id,
    previous_wave_id, weighting, indicator_code) joins two complete rows of `indicators` of the same
    series. -#}
{% test changes_between_comparable_rows(model, indicators) %}
select changes.*
from {{ model }} as changes
left join {{ indicators }} as later
    on
        changes.wave_id = later.wave_id
        and changes.weighting = later.weighting
        and changes.indicator_code = later.indicator_code
left join {{ indicators }} as earlier
    on
        changes.previous_wave_id = earlier.wave_id
        and changes.weighting = earlier.weighting
        and changes.indicator_code = earlier.indicator_code
where
    later.wave_id is null
    or earlier.wave_id is null
    or not later.is_complete
    or not earlier.is_complete
    or later.series <> earlier.series
    or changes.series <> later.series
{% endtest %}

{#- A small-cell (or small-base) flag is set exactly when its count is under the dbt var named
    by threshold_var: the flag tests the cell's own count, never another column. -#}
{% test flags_count_below(model, column_name, count, threshold_var) %}
    select {{ column_name }}, {{ count }}
    from {{ model }}
    where {{ column_name }} is null
        or {{ column_name }} <> ({{ count }} < {{ var(threshold_var) }})
{% endtest %}
