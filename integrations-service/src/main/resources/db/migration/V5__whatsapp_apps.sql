-- WhatsApp apps: the number, the assistant's model and prompt, the MCP plugins it may use, and
-- write-only secrets (AES-GCM sealed JSON). The app's own gateway API key is kept sealed too.
create table whatsapp_apps (
    id                  uuid primary key,
    organization_id     uuid          not null,
    phone_number_id     varchar(32)   not null unique,
    display_name        varchar(200)  not null,
    model               varchar(200)  not null,
    system_prompt       text,
    mcp_plugin_ids      text          not null default '',
    access_token_sealed text          not null,
    app_secret_sealed   text          not null,
    verify_token_sealed text          not null,
    access_token_fingerprint varchar(32) not null,
    app_secret_fingerprint   varchar(32) not null,
    gateway_api_key_id  uuid          not null,
    gateway_key_sealed  text          not null,
    created_at          timestamptz   not null,
    updated_at          timestamptz   not null,
    version             bigint        not null default 0
);

create index whatsapp_apps_org on whatsapp_apps (organization_id, created_at);
