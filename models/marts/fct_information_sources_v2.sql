-- Sources of information about China per wave and weighting: share of the question's base using
-- each source (Wilson 95 % interval) and, among the source's users, how often they meet China
-- in the news (often / (rarely + very rarely), Table 2) and the tone of that information
-- (positive / negative, question news_tone, Table 3), weighted when weighting = weighted.
with

answers as (
    select * from {{ ref('int_answers_harmonised') }}
    where question_code in ('information_sources', 'news_frequency', 'news_tone')
),

respondents as (
    select * from {{ ref('int_respondent_weightings_expanded') }}
),

waves as (
    select * from {{ ref('stg_raw__waves') }}
),

sources as (
    select * from answers
    where question_code = 'information_sources' and variable_role = 'multi_response'
),

options as (
    select distinct
        wave_id,
        subject as source_code
    from sources
),

based as (
    select distinct
        wave_id,
        respondent_id
    from sources
    where not is_missing
),

bases as (
    select
        based.wave_id,
        respondents.weighting,
        count(*) as n_base,
        sum(respondents.w) as w_base,
        sum(respondents.w * respondents.w) as w2_base
    from based
    inner join respondents
        on
            based.wave_id = respondents.wave_id
            and based.respondent_id = respondents.respondent_id
    group by based.wave_id, respondents.weighting
),

news as (
    select
        wave_id,
        respondent_id,
        max(case when question_code = 'news_frequency' then answer_code end) as frequency,
        max(case when question_code = 'news_tone' then answer_code end) as tone
    from answers
    where question_code in ('news_frequency', 'news_tone') and variable_role = 'question' and not is_missing
    group by wave_id, respondent_id
),

users as (
    select
        sources.wave_id,
        respondents.weighting,
        sources.subject as source_code,
        respondents.w,
        news.frequency,
        news.tone
    from sources
    inner join respondents
        on
            sources.wave_id = respondents.wave_id
            and sources.respondent_id = respondents.respondent_id
    left join news
        on
            sources.wave_id = news.wave_id
            and sources.respondent_id = news.respondent_id
    where sources.answer_code = 'selected'
),

user_sums as (
    select
        wave_id,
        weighting,
        source_code,
        count(*) as n_users,
        sum(w) as w_users,
        sum(case when frequency = 'often' then w end) as w_often,
        sum(case when frequency in ('rarely', 'very_rarely') then w end) as w_rarely,
        sum(case when tone = 'positive' then w end) as w_tone_positive,
        sum(case when tone = 'negative' then w end) as w_tone_negative
    from users
    group by wave_id, weighting, source_code
),

shares as (
    select
        bases.wave_id,
        bases.weighting,
        options.source_code,
        bases.n_base,
        coalesce(user_sums.n_users, 0) as n_users,
        {{ kish_n_effective('bases.w_base', 'bases.w2_base') }} as n_effective,
        coalesce({{ pct('cast(user_sums.w_users as double)', 'cast(bases.w_base as double)') }}, 0) as pct_users,
        {{ ratio('user_sums.w_often', 'user_sums.w_rarely') }} as ratio_often_to_rarely,
        {{ ratio('user_sums.w_tone_positive', 'user_sums.w_tone_negative') }} as ratio_positive_to_negative
    from bases
    inner join options
        on bases.wave_id = options.wave_id
    left join user_sums
        on
            bases.wave_id = user_sums.wave_id
            and bases.weighting = user_sums.weighting
            and options.source_code = user_sums.source_code
),

final as (
    select
        cast(shares.wave_id as string) as wave_id,
        cast(shares.weighting as string) as weighting,
        cast(shares.source_code as string) as source_code,
        cast(waves.year as integer) as year,
        cast(waves.fieldwork_start as date) as fieldwork_start,
        cast(waves.fieldwork_end as date) as fieldwork_end,
        cast(shares.n_base as integer) as n_base,
        cast(shares.n_users as integer) as n_users,
        cast(shares.n_effective as double) as n_effective,
        cast(shares.pct_users as double) as pct_users,
        {{ share_uncertainty_columns('shares.pct_users', 'shares.n_effective') }},
        cast(shares.ratio_often_to_rarely as double) as ratio_often_to_rarely,
        cast(shares.ratio_positive_to_negative as double) as ratio_positive_to_negative,
        cast(shares.n_users < {{ var('small_base_n') }} as boolean) as is_small_base
    from shares
    inner join waves
        on shares.wave_id = waves.wave_id
)

select * from final
