-- The W3C trace context of the code that wrote each event (traceparent, tracestate), sent as the
-- Kafka record's headers when the relay publishes it; null when the writer was not traced.
alter table outbox_events add column traceparent varchar(55);
alter table outbox_events add column tracestate varchar(512);
