-- The transport is an enum from the edge on (McpTransport), stored by its constant name.
update integrations set transport = 'STREAMABLE_HTTP' where transport = 'streamable-http';
update integrations set transport = 'HTTP_SSE' where transport = 'http-sse';
alter table integrations add constraint integrations_transport_known check (transport in ('STREAMABLE_HTTP', 'HTTP_SSE'));
