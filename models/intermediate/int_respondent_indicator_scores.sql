-- Respondent-level indicator scores (input of the Table 36 test): the mean of the respondent's
-- valid item valences per indicator; composite = mean of the respondent's indicator scores
-- (only when all four are present).
with

answers as (
    select * from {{ ref('int_item_answers_classified') }}
    where indicator_code is not null and valence is not null
),

indicators as (
    select
        wave_id,
        year,
        respondent_id,
        indicator_code,
        avg(valence) as score,
        count(*) as n_items
    from answers
    group by wave_id, year, respondent_id, indicator_code
),

composite as (
    select
        wave_id,
        year,
        respondent_id,
        'composite' as indicator_code,
        avg(score) as score,
        sum(n_items) as n_items
    from indicators
    group by wave_id, year, respondent_id
    having count(*) = 4
),

final as (
    select * from indicators
    union all
    select * from composite
)

select * from final
