{#- Generic data tests (no dbt packages: the build has no hub access). -#}

{#- Rows whose combination of `combination_of_columns` is not unique. -#}
{% test unique_combination(model, combination_of_columns) %}
    select {{ combination_of_columns | join(', ') }}, count(*) as n_rows
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1
{% endtest %}

{#- Rows where the column lies outside [min_value, max_value] (nulls pass). -#}
{% test within_range(model, column_name, min_value, max_value) %}
    select {{ column_name }}
    from {{ model }}
    where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}
{% endtest %}

{#- Rows where the listed share columns (all non-null) do not sum to `total` +/- `tolerance`. -#}
{% test columns_sum_to(model, columns, total=100, tolerance=0.1) %}
    select *
    from {{ model }}
    where {% for c in columns %}{{ c }} is not null{% if not loop.last %} and {% endif %}{% endfor %}
        and abs(({{ columns | join(' + ') }}) - {{ total }}) > {{ tolerance }}
{% endtest %}

{#- Groups (by `group_by`) whose `column_name` values do not sum to `total` +/- `tolerance`. -#}
{% test group_sum_to(model, column_name, group_by, total=100, tolerance=0.1, where_sql="1 = 1") %}
    select {{ group_by | join(', ') }}, sum({{ column_name }}) as total_share
    from {{ model }}
    where {{ where_sql }}
    group by {{ group_by | join(', ') }}
    having abs(sum({{ column_name }}) - {{ total }}) > {{ tolerance }}
{% endtest %}
