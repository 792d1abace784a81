{#-
  Coverage of the index (docs/marts.md, "Coverage"): CTEs ending in `coverage`, one row per
  cell (`keys`: a wave, or a year of the annual series) x indicator, composite included.
  `cells`: CTE with `keys` + methodology_version, one row per cell. `present`: CTE with `keys` +
  item_code, the items with at least one valid answer in the cell.
  n_items_required = the members of the indicator under the cell's methodology version,
  n_items_present = those of them the cell has, item_coverage = present / required. The rule
  (var indicator_min_coverage, default 1.0): an indicator is computed when it has at least that
  share of its items (and at least one); complete when it has all; partial when computed without
  all. The composite is computed when every indicator is, complete when every indicator is.
  not_computed_reason says, in words, why a value is null or partial (null when complete).
-#}
{% macro indicator_min_coverage() -%}
    {%- set minimum = var('indicator_min_coverage') | float(-1) -%}
    {#- (`exceptions` is dbt's; the SQL linter renders without it) -#}
    {%- if (minimum <= 0 or minimum > 1) and exceptions is defined -%}
        {{ exceptions.raise_compiler_error("var indicator_min_coverage = " ~ minimum ~ " is outside (0, 1]. Fix: set it in "
            ~ "dbt_project.yml (vars) to a share of an indicator's items, e.g. 1.0 (all items, the default) or 0.8") }}
    {%- endif -%}
    {{ return(minimum) }}
{%- endmacro %}

{% macro indicator_coverage(keys, cells, present) -%}
{%- set minimum = indicator_min_coverage() %}
coverage_required as (
    select
        {%- for key in keys %}
            {{ cells }}.{{ key }},
        {%- endfor %}
        {{ cells }}.methodology_version,
        membership.indicator_code,
        membership.item_code
    from {{ cells }}
    inner join {{ ref('ref_methodology_membership') }} as membership
        on {{ cells }}.methodology_version = membership.methodology_version
),

coverage_checked as (
    select
        coverage_required.*,
        {{ present }}.item_code is not null as is_present
    from coverage_required
    left join {{ present }}
        on
            {%- for key in keys %}
                coverage_required.{{ key }} = {{ present }}.{{ key }} and
            {%- endfor %}
            coverage_required.item_code = {{ present }}.item_code
),

coverage_counted as (
    select
        {{ keys | join(', ') }},
        indicator_code,
        max(methodology_version) as methodology_version,
        count(*) as n_items_required,
        sum(case when is_present then 1 else 0 end) as n_items_present,
        {{ ordered_string_agg('case when not is_present then item_code end') }} as missing_item_codes
    from coverage_checked
    group by {{ keys | join(', ') }}, indicator_code
),

coverage_of_indicators as (
    select
        *,
        cast(n_items_present as double) / cast(n_items_required as double) as item_coverage,
        n_items_present = n_items_required as is_complete,
        n_items_present > 0 and n_items_present >= {{ minimum }} * n_items_required as is_computed
    from coverage_counted
),

coverage_of_composite as (
    select
        {{ keys | join(', ') }},
        'composite' as indicator_code,
        max(methodology_version) as methodology_version,
        sum(n_items_required) as n_items_required,
        sum(n_items_present) as n_items_present,
        {{ ordered_string_agg('missing_item_codes') }} as missing_item_codes,
        cast(sum(n_items_present) as double) / cast(sum(n_items_required) as double) as item_coverage,
        min(case when is_complete then 1 else 0 end) = 1 as is_complete,
        min(case when is_computed then 1 else 0 end) = 1 as is_computed,
        {{ ordered_string_agg('case when not is_computed then indicator_code end') }} as indicators_not_computed,
        {{ ordered_string_agg('case when is_computed and not is_complete then indicator_code end') }}
            as indicators_partial
    from coverage_of_indicators
    group by {{ keys | join(', ') }}
),

{%- set carried -%}
        {{ keys | join(', ') }},
        indicator_code,
        methodology_version,
        n_items_required,
        n_items_present,
        item_coverage,
        is_complete,
        is_computed,
        missing_item_codes
{%- endset %}

-- one row per cell x indicator and per cell's composite, each with the words for both outcomes
coverage_explained as (
    select
        {{ carried }},
        'partial: ' || cast(n_items_present as string) || ' of the ' || cast(n_items_required as string)
        || ' items of ' || methodology_version || ' (missing: ' || missing_item_codes
        || '), allowed by indicator_min_coverage = {{ minimum }}' as partial_reason,
        'not computed: the wave has ' || cast(n_items_present as string) || ' of the '
        || cast(n_items_required as string) || ' items of ' || methodology_version || ' (missing: '
        || missing_item_codes || '); indicator_min_coverage = {{ minimum }}' as not_computed_words
    from coverage_of_indicators
    union all
    select
        {{ carried }},
        'partial: indicators computed on part of their items: ' || indicators_partial as partial_reason,
        'not computed: indicators not computed: ' || indicators_not_computed as not_computed_words
    from coverage_of_composite
),

coverage as (
    select
        {{ carried }},
        case
            when is_complete then 'complete'
            when is_computed then 'partial'
            else 'not_computed'
        end as coverage_status,
        case
            when is_complete then null
            when is_computed then partial_reason
            else not_computed_words
        end as not_computed_reason
    from coverage_explained
)
{%- endmacro %}

{#-
  The coverage columns of an indicator mart (the contract's types), from `relation` (a CTE or
  alias carrying the columns of `indicator_coverage`'s coverage), in the marts' order.
-#}
{% macro coverage_columns(relation=none) -%}
{%- set prefix = relation ~ '.' if relation else '' -%}
        cast({{ prefix }}n_items_required as integer) as n_items_required,
        cast({{ prefix }}n_items_present as integer) as n_items_present,
        cast({{ prefix }}item_coverage as double) as item_coverage,
        cast({{ prefix }}is_complete as boolean) as is_complete,
        cast({{ prefix }}coverage_status as string) as coverage_status,
        cast({{ prefix }}not_computed_reason as string) as not_computed_reason
{%- endmacro %}
