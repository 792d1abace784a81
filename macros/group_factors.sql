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
