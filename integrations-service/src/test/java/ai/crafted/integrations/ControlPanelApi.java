package ai.crafted.integrations;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.Topics;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.events.SampleEvents;
import ai.crafted.testsupport.kafka.TopicWriter;
import ai.crafted.testsupport.postgres.TestDatabase;

/** Request builders for the control-panel API, authenticated the way a real client is. */
public final class ControlPanelApi {

    private ControlPanelApi() {
    }

    public static String newOrg() {
        return UUID.randomUUID().toString();
    }

    public static RequestSpecification asAdmin(String org) {
        return given().auth().oauth2(DevTokens.admin(org)).header("X-Org-Id", org).contentType(ContentType.JSON);
    }

    public static RequestSpecification asViewer(String org) {
        return given().auth().oauth2(DevTokens.viewer(org)).header("X-Org-Id", org).contentType(ContentType.JSON);
    }

    public static String integrationJson(String slug, String endpoint) {
        return """
                {"kind":"mcp","slug":"%s","displayName":"Plugin %s",
                 "config":{"endpoint":"%s"}}""".formatted(slug, slug, endpoint);
    }

    /**
     * Installs an integration whose catalog catalog-refresher has listed (the event played on the
     * broker) and returns its id once the control panel shows the tools.
     *
     * @param timeoutMs the integration's MCP timeout, null for the default
     */
    public static String installWithCatalog(String org, String slug, Integer timeoutMs, List<ToolDescriptor> tools) {
        String endpoint = "https://" + slug + ".example.com/mcp";
        String id = asAdmin(org).body("""
                {"kind":"mcp","slug":"%s","displayName":"Plugin %s","config":{"endpoint":"%s"%s}}""".formatted(slug, slug,
                endpoint, timeoutMs == null ? "" : ",\"timeoutMs\":" + timeoutMs))
                .post("/organizations/{org}/integrations", org).then().statusCode(201).extract().path("id");
        McpServerConfig config = new McpServerConfig(endpoint, McpTransport.STREAMABLE_HTTP, timeoutMs);
        TopicWriter.send(Topics.CATALOG_UPDATED, id,
                withToolHashes(SampleEvents.catalog(UUID.fromString(org), UUID.fromString(id), 1, config, tools)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> asAdmin(org)
                .get("/organizations/{org}/integrations/{id}", org, id).then().body("toolCount", equalTo(tools.size())));
        return id;
    }

    /**
     * The record with per-tool hashes as catalog-refresher now sends them (a SHA-256 of each tool's
     * JSON here; the refresher hashes the raw object in RFC 8785 form), so its tools can be accepted.
     */
    public static CatalogUpdatedEvent withToolHashes(CatalogUpdatedEvent c) {
        List<String> hashes = c.tools() == null ? null : c.tools().stream().map(ControlPanelApi::toolHash).toList();
        return new CatalogUpdatedEvent(c.schemaVersion(), c.eventId(), c.occurredAt(), c.organizationId(), c.integrationId(),
                c.sequence(), c.configFingerprint(), c.catalogVersion(), c.tools(), c.refreshedAt(), c.lastAttemptAt(),
                c.lastError(), c.lastErrorKind(), c.requestId(), c.compilerVersion(), c.compiled(), c.protocolVersion(), hashes);
    }

    /** {@code "sha256:<hex>"} of the tool's JSON. */
    public static String toolHash(ToolDescriptor tool) {
        try {
            byte[] json = new ObjectMapper().writeValueAsBytes(tool);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Installs an integration and returns its id. */
    public static String install(String org, String slug) {
        return asAdmin(org).body(integrationJson(slug, "https://mcp.example.com/" + slug))
                .post("/organizations/{org}/integrations", org)
                .then().statusCode(201).extract().path("id");
    }

    /** How many events the outbox holds for this topic and record key (published ones included). */
    public static long outboxEvents(String topic, String key) {
        return ((Number) TestDatabase.query("select count(*) as n from outbox_events where topic = ? and message_key = ?",
                topic, key).get(0).get("n")).longValue();
    }

    /** Stores a bearer credential and returns its id. */
    public static String storeBearer(String org, String name, String secret) {
        return asAdmin(org).body("""
                {"name":"%s","type":"bearer","secret":"%s"}""".formatted(name, secret))
                .post("/organizations/{org}/credentials", org)
                .then().statusCode(201).extract().path("id");
    }
}
