-- Scope an MCP server asked for beyond the grant (403 insufficient_scope, reported by the services
-- that call it): the next connect asks for it too, and the credential shows that a reconnect is
-- needed for it; cleared by a successful connect. And when the refresh token itself expires, for
-- authorization servers that say so (refresh_token_expires_in), so admins are warned ahead of it.
alter table credentials
    add column oauth_step_up_scope             text,
    add column oauth_refresh_token_expires_at  timestamptz;
