-- The share marts of version 2 (one row per wave) reproduce version 1 (one row per year) to the
-- bit: each version-1 row against the unweighted version-2 row of the wave that version 1 used
-- for that year and question (int_question_waves_selected; the annual waves for the sample
-- profile, in years with a single annual wave).
with

selected as (
    select * from {{ ref('int_question_waves_selected') }}
),

single_annual as (
    select
        year,
        min(wave_id) as wave_id
    from {{ ref('dim_waves') }}
    where survey_kind = 'annual'
    group by year
    having count(*) = 1
),

multi_response as (
    select
        'fct_multi_response' as mart,
        v1.year,
        v1.option_code as key_value,
        case
            when v2.wave_id is null then 'only in v1'
            when v1.n_base is distinct from v2.n_base then 'n_base'
            when v1.n_selected is distinct from v2.n_selected then 'n_selected'
            when v1.pct is distinct from v2.pct then 'pct'
        end as difference
    from {{ ref('fct_multi_response', v=1) }} as v1
    inner join selected
        on v1.year = selected.year and v1.question_code = selected.question_code
    left join {{ ref('fct_multi_response', v=2) }} as v2
        on
            selected.wave_id = v2.wave_id
            and v1.question_code = v2.question_code
            and v1.option_code = v2.option_code
            and v2.weighting = 'unweighted'
),

information_sources as (
    select
        'fct_information_sources' as mart,
        v1.year,
        v1.source_code as key_value,
        case
            when v2.wave_id is null then 'only in v1'
            when v1.n_base is distinct from v2.n_base then 'n_base'
            when v1.n_users is distinct from v2.n_users then 'n_users'
            when v1.pct_users is distinct from v2.pct_users then 'pct_users'
            when v1.ratio_often_to_rarely is distinct from v2.ratio_often_to_rarely then 'ratio_often_to_rarely'
            when v1.ratio_positive_to_negative is distinct from v2.ratio_positive_to_negative
                then 'ratio_positive_to_negative'
        end as difference
    from {{ ref('fct_information_sources', v=1) }} as v1
    inner join selected
        on v1.year = selected.year and selected.question_code = 'information_sources'
    left join {{ ref('fct_information_sources', v=2) }} as v2
        on
            selected.wave_id = v2.wave_id
            and v1.source_code = v2.source_code
            and v2.weighting = 'unweighted'
),

funnel as (
    select
        'fct_information_funnel' as mart,
        v1.year,
        v1.level_code as key_value,
        case
            when v2.wave_id is null then 'only in v1'
            when v1.n_base is distinct from v2.n_base then 'n_base'
            when v1.n_level is distinct from v2.n_level then 'n_level'
            when v1.pct is distinct from v2.pct then 'pct'
        end as difference
    from {{ ref('fct_information_funnel', v=1) }} as v1
    inner join {{ ref('ref_funnel_levels') }} as levels
        on v1.level_code = levels.level_code
    inner join selected
        on v1.year = selected.year and levels.question_code = selected.question_code
    left join {{ ref('fct_information_funnel', v=2) }} as v2
        on
            selected.wave_id = v2.wave_id
            and v1.level_code = v2.level_code
            and v2.weighting = 'unweighted'
),

projects as (
    select
        'fct_projects' as mart,
        v1.year,
        v1.project_code || ':' || v2.measure_code as key_value,
        case
            when v2.wave_id is null then 'only in v1'
            when v2.measure_code = 'aware' and v1.n_respondents is distinct from v2.n_base then 'n_respondents'
            when v2.measure_code = 'aware' and v1.n_aware is distinct from v2.n then 'n_aware'
            when v2.measure_code = 'aware' and v1.pct_aware is distinct from v2.pct then 'pct_aware'
            when v2.base_code = 'aware' and v1.n_attitude_base is distinct from v2.n_base then 'n_attitude_base'
            when v2.measure_code = 'approve' and v1.pct_positive is distinct from v2.pct then 'pct_positive'
            when v2.measure_code = 'neutral' and v1.pct_neutral is distinct from v2.pct then 'pct_neutral'
            when v2.measure_code = 'disapprove' and v1.pct_negative is distinct from v2.pct then 'pct_negative'
            when v2.measure_code = 'unsure' and v1.pct_unsure is distinct from v2.pct then 'pct_unsure'
        end as difference
    from {{ ref('fct_projects', v=1) }} as v1
    inner join selected
        on v1.year = selected.year and selected.question_code = 'project_awareness'
    left join {{ ref('fct_projects', v=2) }} as v2
        on
            selected.wave_id = v2.wave_id
            and v1.project_code = v2.project_code
            and v2.weighting = 'unweighted'
),

sample_profile as (
    select
        'fct_sample_profile' as mart,
        v1.year,
        v1.factor || ':' || v1.group_code as key_value,
        case
            when v2.wave_id is null then 'only in v1'
            when v1.n_respondents is distinct from v2.n_respondents then 'n_respondents'
            when v1.pct is distinct from v2.pct_known then 'pct'
        end as difference
    from {{ ref('fct_sample_profile', v=1) }} as v1
    inner join single_annual
        on v1.year = single_annual.year
    left join {{ ref('fct_sample_profile', v=2) }} as v2
        on
            single_annual.wave_id = v2.wave_id
            and v1.factor = v2.factor
            and v1.group_code = v2.group_code
            and v2.weighting = 'unweighted'
),

compared as (
    select * from multi_response
    union all
    select * from information_sources
    union all
    select * from funnel
    union all
    select * from projects
    union all
    select * from sample_profile
)

select * from compared
where difference is not null
