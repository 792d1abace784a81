{#-
  Post-hook for versioned marts: when the model being built is the latest version, (re)create
  the unversioned view marts.<name> over it, so `select * from marts.fct_item_scores` answers
  with the latest version while marts.fct_item_scores_v1 stays pinned beside it.
-#}
{% macro create_latest_version_view() -%}
    {%- if model.version is not none and model.version == model.latest_version -%}
        create or replace view {{ this.schema }}.{{ model.name }} as
        select * from {{ this }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
