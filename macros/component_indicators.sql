{#- The indicators the composite averages, from the seed ref_indicators (rows with is_composite
    false, in sort_order): data, not code. The ref() below runs at parse time too, so every model
    or test that calls this depends on the seed. At parse time (execute false; also SQLFluff's
    templater) nothing is queried and one placeholder code stands in, so the SQL still parses. -#}
{% macro component_indicator_codes() %}
    {%- set seed = ref('ref_indicators') -%}
    {%- if not execute -%}
        {{ return(['parse_time_placeholder']) }}
    {%- endif -%}
    {%- set query -%}
        select indicator_code
        from {{ seed }}
        where not cast(is_composite as boolean)
        order by sort_order, indicator_code
    {%- endset -%}
    {%- set codes = run_query(query).columns[0].values() | list -%}
    {%- if codes | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "seeds/ref_indicators.csv has no indicator with is_composite = false. "
            ~ "Fix: list the indicators the composite averages there (docs/adding-waves.md).") }}
    {%- endif -%}
    {{ return(codes) }}
{% endmacro %}
