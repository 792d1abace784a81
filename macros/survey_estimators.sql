{#-
  Estimators shared by the version-2 marts (docs/marts.md, "Uncertainty"). Every macro takes
  column names (they are repeated inside the expression) and returns a double expression.
  z for 95 % intervals: var `ci_z` (1.96).
-#}

{#- Mean that does not depend on row order: the values are summed as exact decimals (18
    decimal places), so two builds give the same bits whatever order the engine reads rows in. -#}
{% macro exact_mean(expression) -%}
    cast(sum(cast({{ expression }} as decimal(38, 18))) as double) / nullif(count({{ expression }}), 0)
{%- endmacro %}

{#- Kish effective sample size (sum w)^2 / sum w^2; equals n when every weight is 1. -#}
{% macro kish_n_effective(sum_w, sum_w2) -%}
    case
        when {{ sum_w2 }} > 0
            then cast({{ sum_w }} as double) * cast({{ sum_w }} as double) / cast({{ sum_w2 }} as double)
    end
{%- endmacro %}

{#- Standard error of a net score p_pos - p_neg (proportions 0..1) from one multinomial sample of
    (effective) size n: sqrt((p+ + p- - (p+ - p-)^2) / n). -#}
{% macro net_score_se(p_pos, p_neg, n) -%}
    case
        when {{ n }} > 0
            then sqrt(
                greatest({{ p_pos }} + {{ p_neg }} - ({{ p_pos }} - {{ p_neg }}) * ({{ p_pos }} - {{ p_neg }}), 0)
                / {{ n }}
            )
    end
{%- endmacro %}

{#- Normal-approximation interval bound estimate +/- z * se, clipped to [lower, upper]. -#}
{% macro clipped_bound(estimate, se, side, lower=-1, upper=1) -%}
    {%- if side == 'low' -%}
        greatest({{ lower }}, {{ estimate }} - {{ var('ci_z') }} * {{ se }})
    {%- else -%}
        least({{ upper }}, {{ estimate }} + {{ var('ci_z') }} * {{ se }})
    {%- endif -%}
{%- endmacro %}

{#- Standard error of a share in percent (0..100) with (effective) base n. -#}
{% macro share_se(pct, n) -%}
    case when {{ n }} > 0 then sqrt(({{ pct }}) * (100 - ({{ pct }})) / {{ n }}) end
{%- endmacro %}

{#- Wilson score interval bound (percent, clipped to 0..100 against rounding) of a share `pct`
    (0..100) with (effective) base n (Wilson 1927; with n_effective for weighted shares). -#}
{% macro wilson_bound(pct, n, side) -%}
    {%- set z = var('ci_z') -%}
    {#- z^2 is exact as a decimal; as a double before any division (see pct()) -#}
    {%- set z2 = 'cast(' ~ z ~ ' * ' ~ z ~ ' as double)' -%}
    {%- set p = '(' ~ pct ~ ') / 100.0' -%}
    case
        when {{ n }} > 0
            then {{ 'greatest(0.0, ' if side == 'low' else 'least(100.0, ' }}100.0 * (
                ({{ p }} + {{ z2 }} / (2 * {{ n }}))
                {{ '-' if side == 'low' else '+' }} {{ z }} * sqrt(
                    {{ p }} * (1 - {{ p }}) / {{ n }} + {{ z2 }} / (4 * {{ n }} * {{ n }})
                )
            ) / (1 + {{ z2 }} / {{ n }}))
    end
{%- endmacro %}

{#- Weights are handled as integers in units of 2^-20 (int_respondent_weightings_expanded.w). -#}
{% macro weight_unit() -%}
    1048576
{%- endmacro %}

{#- The se, ci_low and ci_high columns of a share `pct` (0..100) with effective base n:
    standard error in points and the Wilson 95 % interval. -#}
{% macro share_uncertainty_columns(pct, n) -%}
    cast({{ share_se(pct, n) }} as double) as se,
    cast({{ wilson_bound(pct, n, 'low') }} as double) as ci_low,
    cast({{ wilson_bound(pct, n, 'high') }} as double) as ci_high
{%- endmacro %}

{#- The order of a wave series: by fieldwork year, then fieldwork end (interpolated rows have
    none), then wave id. "Consecutive waves" and "previous wave" follow it. -#}
{% macro wave_series_order() -%}
    year asc, fieldwork_end asc nulls last, wave_id asc
{%- endmacro %}
