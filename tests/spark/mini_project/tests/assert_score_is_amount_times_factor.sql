-- Singular test across the Python model and the staging view it read.
select scored.thing_id
from {{ ref('int_things_scored') }} as scored
inner join {{ ref('stg_raw__things') }} as things on scored.thing_id = things.thing_id
where abs(scored.score - things.amount * {{ var('score_factor') }}) > 1e-12
