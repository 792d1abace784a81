{#- The index formulas (METHODOLOGY.md), written once and used by every aggregation. -#}

{#- Percentage of a count in a base; null when the base is empty. Divided as doubles (100 x an
    integer or exact decimal is exact), so every engine gives the same bits: Spark would divide two
    decimals as a decimal rounded to a few places. -#}
{% macro pct(numerator, denominator) -%}
    case
        when {{ denominator }} > 0
            then cast(100.0 * {{ numerator }} as double) / cast({{ denominator }} as double)
    end
{%- endmacro %}

{#- Item score: (positive - negative) / valid; neutral stays in the denominator, missing is out. -#}
{% macro item_score(n_positive, n_negative, n_valid) -%}
    case when {{ n_valid }} > 0 then cast({{ n_positive }} - {{ n_negative }} as double) / {{ n_valid }} end
{%- endmacro %}

{#- Ratio ("coefficient"): positive / negative; null when nobody answered negatively. -#}
{% macro ratio(positive, negative) -%}
    case when {{ negative }} > 0 then cast({{ positive }} as double) / {{ negative }} end
{%- endmacro %}

{#- Counts of an item's answer classes from a valence column (+1 / 0 / -1 / null = missing). -#}
{% macro valence_counts(valence) -%}
    count({{ valence }}) as n_valid,
    count(case when {{ valence }} = 1 then 1 end) as n_positive,
    count(case when {{ valence }} = -1 then 1 end) as n_negative,
    count(case when {{ valence }} = 0 then 1 end) as n_neutral
{%- endmacro %}

{#- pct_positive/negative/neutral, score and ratio from the counts of valence_counts(). -#}
{% macro score_columns() -%}
    {{ pct('n_positive', 'n_valid') }} as pct_positive,
    {{ pct('n_negative', 'n_valid') }} as pct_negative,
    {{ pct('n_neutral', 'n_valid') }} as pct_neutral,
    {{ item_score('n_positive', 'n_negative', 'n_valid') }} as score,
    {{ ratio('n_positive', 'n_negative') }} as ratio
{%- endmacro %}

{#- The counts of valence_counts() summed over several waves (version 1 pools a year's waves). -#}
{% macro pooled_valence_counts() -%}
    cast(sum(n_valid) as bigint) as n_valid,
    cast(sum(n_positive) as bigint) as n_positive,
    cast(sum(n_negative) as bigint) as n_negative,
    cast(sum(n_neutral) as bigint) as n_neutral
{%- endmacro %}
