-- The report's numbers stay reproducible: in a year with a single annual wave, the unweighted
-- rows of the version-2 marts carry exactly (to the bit) the values of version 1, interpolated
-- years included; version 2 adds only the 'missing' groups and the weighted rows.
{%- set checks = [
    ('fct_item_scores', ['item_code'], ['indicator_code', 'n_valid', 'n_positive', 'n_negative',
        'n_neutral', 'pct_positive', 'pct_negative', 'pct_neutral', 'score', 'ratio', 'rank_by_positive',
        'rank_by_ratio', 'rank_change', 'score_growth_ratio', 'is_interpolated', 'methodology_version'], ''),
    ('fct_indicators', ['indicator_code'], ['value', 'n_items', 'item_codes', 'n_respondents', 'is_interpolated',
        'methodology_version'], ''),
    ('fct_item_scores_by_group', ['factor', 'group_code', 'item_code'], ['indicator_code', 'n_valid', 'pct_positive',
        'pct_negative', 'pct_neutral', 'score', 'is_small_base', 'methodology_version'], "and v2.group_code <> 'missing'"),
    ('fct_indicators_by_group', ['factor', 'group_code', 'indicator_code'], ['value', 'n_respondents', 'n_items',
        'is_small_base', 'methodology_version'], "and v2.group_code <> 'missing'"),
] %}
with

single_wave_years as (
    select year
    from {{ ref('dim_waves') }}
    where series = 'annual'
    group by year
    having count(*) = 1
),

{%- for mart, keys, columns, v2_filter in checks %}

{{ mart }}_compared as (
    select
        '{{ mart }}' as mart,
        coalesce(v1.year, v2.year) as year,
        {{ "coalesce(v1." ~ keys[-1] ~ ", v2." ~ keys[-1] ~ ")" }} as key_value,
        case
            when v1.year is null then 'only in v2'
            when v2.year is null then 'only in v1'
            {%- if mart == 'fct_item_scores' %}
                when not v2.is_interpolated and v1.wave_id is distinct from v2.wave_id then 'wave_id'
            {%- endif %}
            {%- for column in columns %}
                when v1.{{ column }} is distinct from v2.{{ column }} then '{{ column }}'
            {%- endfor %}
        end as difference
    from (
        select * from {{ ref(mart, v=1) }}
        where year in (select year from single_wave_years) or year not in (select year from {{ ref('dim_waves') }})
    ) as v1
    full outer join (
        select * from {{ ref(mart, v=2) }} as v2
        where
            weighting = 'unweighted' {{ v2_filter }}
            and (
                wave_id in (select wave_id from {{ ref('dim_waves') }} where series = 'annual')
                or wave_id not in (select wave_id from {{ ref('dim_waves') }})
            )
            and (year in (select year from single_wave_years) or year not in (select year from {{ ref('dim_waves') }}))
    ) as v2
        on
            v1.year = v2.year
            {%- for key in keys %}
                and v1.{{ key }} = v2.{{ key }}
            {%- endfor %}
){{ ',' if not loop.last }}
{%- endfor %}

select * from (
    {%- for mart, keys, columns, v2_filter in checks %}
        select * from {{ mart }}_compared
        {{- ' union all' if not loop.last }}
    {%- endfor %}
) as compared
where difference is not null
