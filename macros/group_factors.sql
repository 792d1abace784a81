{#-
  The background factors every by-group aggregate is broken down by (docs/architecture.md, "Code
  lists"). Geography is a factor too: region (units as fielded), region_2020_borders, macro_region.
-#}
{% macro group_factors() -%}
    {{ return(['age_group', 'welfare', 'ethnicity', 'home_language', 'education', 'settlement',
        'gender', 'marital_status', 'macro_region', 'occupation', 'region', 'region_2020_borders']) }}
{%- endmacro %}

{#-
  `group by` clause computing, in one pass, the whole-wave aggregate (factor 'total', group 'all')
  and one aggregate per factor group. The factor columns must never be null (unknown = 'missing'),
  so a null in a factor column of the output means "not grouped by this factor".
-#}
{% macro group_by_every_factor(keys) -%}
    group by grouping sets (
        ({{ keys | join(', ') }}),
        {%- for factor in group_factors() %}
            ({{ keys | join(', ') }}, {{ factor }}){{ ',' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{#- The `factor` and `group_code` columns of a group_by_every_factor() aggregate. -#}
{% macro factor_and_group_columns() -%}
    case
        {%- for factor in group_factors() %}
            when grouping({{ factor }}) = 0 then '{{ factor }}'
        {%- endfor %}
        else 'total'
    end as factor,
    coalesce({{ group_factors() | join(', ') }}, 'all') as group_code
{%- endmacro %}

{#-
  select of `columns` of CTE `source` (one row per respondent x something) joined to the
  respondent (int_respondents_weighted): adds the weight w and the respondent's group in every
  factor, ready for group_by_every_factor() and rows_for_each_weighting().
-#}
{% macro rows_with_weights_and_groups(source, columns) -%}
    select
        {%- for column in columns %}
            {{ source }}.{{ column }},
        {%- endfor %}
        respondents.w,
        {%- for factor in group_factors() %}
            respondents.{{ factor }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ source }}
    inner join {{ ref('int_respondents_weighted') }} as respondents
        on
            {{ source }}.wave_id = respondents.wave_id
            and {{ source }}.respondent_id = respondents.respondent_id
{%- endmacro %}

{#-
  The rows of CTE `counted` (unweighted counts and weighted sums side by side) once per
  weighting: 'weighted' keeps the sums of weights; 'unweighted' replaces each by its count times
  the unit weight (2^20; squared for sums of squared weights), exactly what summing a weight of 1
  would give. One scan serves both weightings (`counted` is read once: a cross join, not a union,
  so the engine does not compute the aggregate twice). `weights`: list of [sum column, count column,
  power 1 or 2]; `columns`: the other columns, passed through.
-#}
{% macro rows_for_each_weighting(counted, columns, weights) -%}
    select
        {%- for column in columns %}
            {{ counted }}.{{ column }},
        {%- endfor %}
        weightings.weighting,
        {%- for sum_column, count_column, power in weights %}
            case
                when weightings.weighting = 'unweighted'
                    then cast({{ counted }}.{{ count_column }} as decimal(38, 0))
                    * {{ weight_unit() if power == 1 else '1099511627776' }}
                else {{ counted }}.{{ sum_column }}
            end as {{ sum_column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ counted }}
    cross join (values ('unweighted'), ('weighted')) as weightings (weighting)
{%- endmacro %}

{#- Rows of CTE `counted` whose factor the wave carries (a factor whose every respondent is
    'missing' is left out), from int_respondent_groups_counted. -#}
{% macro known_factors_only(counted) -%}
    select {{ counted }}.*
    from {{ counted }}
    inner join (
        select distinct
            wave_id,
            factor
        from {{ ref('int_respondent_groups_counted') }}
    ) as known_factors
        on
            {{ counted }}.wave_id = known_factors.wave_id
            and {{ counted }}.factor = known_factors.factor
{%- endmacro %}
