package ai.crafted.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/** Query-string values never leave a service in a span's URL attributes. */
class UrlQueryRedactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "hub.mode=subscribe&hub.verify_token=s3cret&hub.challenge=42|hub.mode=REDACTED&hub.verify_token=REDACTED&hub.challenge=REDACTED",
            "code=abc&state=xyz|code=REDACTED&state=REDACTED",
            "sk-live-123|REDACTED",
            "a=|a=REDACTED",
            "a=1&&b=2|a=REDACTED&&b=REDACTED",
            "a=1=2|a=REDACTED" })
    void everyValueOfAQueryIsRedacted(String query, String redacted) {
        assertThat(UrlQueryRedaction.redactQuery(query)).isEqualTo(redacted);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://mcp.example.com/mcp?api_key=sk_123|https://mcp.example.com/mcp?api_key=REDACTED",
            "https://mcp.example.com/mcp?api_key=sk_123#part|https://mcp.example.com/mcp?api_key=REDACTED#part",
            "https://mcp.example.com/mcp|https://mcp.example.com/mcp",
            "https://mcp.example.com/mcp?|https://mcp.example.com/mcp?",
            "https://h/p#frag?notquery|https://h/p#frag?notquery" })
    void aFullUrlKeepsItsPathAndLosesItsQueryValues(String url, String redacted) {
        assertThat(UrlQueryRedaction.redactUrl(url)).isEqualTo(redacted);
    }

    @Test
    void aSpanStartedWithUrlAttributesIsExportedRedacted() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new UrlQueryRedaction())
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            provider.get("test").spanBuilder("GET").setSpanKind(SpanKind.SERVER)
                    .setAttribute(UrlQueryRedaction.URL_QUERY, "hub.verify_token=s3cret")
                    .startSpan().end();
            provider.get("test").spanBuilder("POST").setSpanKind(SpanKind.CLIENT)
                    .setAttribute(UrlQueryRedaction.URL_FULL, "https://mcp.example.com/mcp?key=s3cret")
                    .startSpan().end();
            // Asserted before the provider closes: closing shuts the in-memory exporter down, which empties it.
            assertThat(exporter.getFinishedSpanItems()).hasSize(2);
            for (SpanData span : exporter.getFinishedSpanItems()) {
                assertThat(span.getAttributes().toString()).doesNotContain("s3cret").contains("REDACTED");
            }
        }
    }
}
