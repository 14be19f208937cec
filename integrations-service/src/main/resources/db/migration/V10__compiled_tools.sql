-- Each catalog tool as every provider profile receives it (the tool compiler's output, published
-- by catalog-refresher with the catalog). Null: stored before the compiler; compiled when read.
alter table integrations add column compiled_tools text;

-- A server's own limit on tool results passed to the model (characters); null: the gateway's default.
alter table integrations add column tool_result_max_chars integer;
