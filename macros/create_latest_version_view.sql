{#-
  Post-hook for versioned marts: when the model being built is the latest version, (re)create
  the unversioned view marts.<name> over it, so `select * from marts.fct_item_scores` answers
  with the latest version while marts.fct_item_scores_v1 stays pinned beside it. An unversioned
  mart has no version in the hook's context (undefined or none, both falsy): nothing to do.
  The view names its table without a database, so the release that copies it works anywhere.
-#}
{% macro create_latest_version_view() -%}
    {%- if model.version and model.version == model.latest_version -%}
        create or replace view {{ this.schema }}.{{ model.name }} as
        select * from {{ this.include(database=False) }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
