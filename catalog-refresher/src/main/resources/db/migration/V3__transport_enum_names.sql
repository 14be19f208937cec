-- The transport is an enum (McpTransport), stored by its constant name.
update refresh_targets set transport = 'STREAMABLE_HTTP' where transport = 'streamable-http';
update refresh_targets set transport = 'HTTP_SSE' where transport = 'http-sse';
