-- Item scores with their uncertainty per wave x weighting x factor group x item (version 2):
-- weighted shares, net score, Kish effective n, the analytic standard error of the net score
-- and its 95 % interval clipped to [-1, 1]; the same with "difficult to answer" (neutral) left
-- out of the base (sensitivity). With weighting 'unweighted' every weight is 1, so shares and
-- score are the version-1 formulas on the counts.
with

counts as (
    select * from {{ ref('int_item_answers_counted') }}
),

sums as (
    select
        *,
        w_positive + w_negative + w_neutral as w_valid,
        w2_positive + w2_negative + w2_neutral as w2_valid,
        w_positive + w_negative as w_decided,
        w2_positive + w2_negative as w2_decided
    from counts
),

proportions as (
    select
        *,
        {{ kish_n_effective('w_valid', 'w2_valid') }} as n_effective,
        {{ kish_n_effective('w_decided', 'w2_decided') }} as n_effective_excl_neutral,
        case when w_valid > 0 then cast(w_positive as double) / cast(w_valid as double) end as p_positive,
        case when w_valid > 0 then cast(w_negative as double) / cast(w_valid as double) end as p_negative,
        case when w_decided > 0 then cast(w_positive as double) / cast(w_decided as double) end
            as p_positive_decided,
        case when w_decided > 0 then cast(w_negative as double) / cast(w_decided as double) end
            as p_negative_decided
    from sums
),

scored as (
    select
        *,
        {{ pct('cast(w_positive as double)', 'cast(w_valid as double)') }} as pct_positive,
        {{ pct('cast(w_negative as double)', 'cast(w_valid as double)') }} as pct_negative,
        {{ pct('cast(w_neutral as double)', 'cast(w_valid as double)') }} as pct_neutral,
        {{ item_score('w_positive', 'w_negative', 'w_valid') }} as score,
        {{ ratio('w_positive', 'w_negative') }} as ratio,
        {{ net_score_se('p_positive', 'p_negative', 'n_effective') }} as se,
        {{ item_score('w_positive', 'w_negative', 'w_decided') }} as score_excl_neutral,
        {{ net_score_se('p_positive_decided', 'p_negative_decided', 'n_effective_excl_neutral') }}
            as se_excl_neutral
    from proportions
),

final as (
    select
        wave_id,
        year,
        series,
        weighting,
        factor,
        group_code,
        item_code,
        indicator_code,
        methodology_version,
        n_valid,
        n_positive,
        n_negative,
        n_neutral,
        n_effective,
        pct_positive,
        pct_negative,
        pct_neutral,
        score,
        se,
        {{ clipped_bound('score', 'se', 'low') }} as ci_low,
        {{ clipped_bound('score', 'se', 'high') }} as ci_high,
        ratio,
        n_positive + n_negative as n_valid_excl_neutral,
        n_effective_excl_neutral,
        score_excl_neutral,
        se_excl_neutral,
        {{ clipped_bound('score_excl_neutral', 'se_excl_neutral', 'low') }} as ci_low_excl_neutral,
        {{ clipped_bound('score_excl_neutral', 'se_excl_neutral', 'high') }} as ci_high_excl_neutral,
        n_valid < {{ var('small_base_n') }} as is_small_base
    from scored
)

select * from final
