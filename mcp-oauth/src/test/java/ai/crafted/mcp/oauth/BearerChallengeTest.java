package ai.crafted.mcp.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

class BearerChallengeTest {

    @Test
    void readsTheParametersOfTheBearerChallenge() {
        BearerChallenge challenge = BearerChallenge.parse(
                "Bearer realm=\"mcp\", error=\"insufficient_scope\", scope=\"files:read files:write\","
                        + " resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/mcp\"").orElseThrow();
        assertThat(challenge.error()).contains("insufficient_scope");
        assertThat(challenge.scope()).contains("files:read files:write");
        assertThat(challenge.resourceMetadata()).contains(URI.create("https://mcp.example.com/.well-known/oauth-protected-resource/mcp"));
    }

    @Test
    void findsBearerAmongOtherSchemesAndTakesUnquotedValues() {
        BearerChallenge challenge = BearerChallenge.parse(List.of("Basic realm=\"x\"",
                "DPoP algs=\"ES256\", bearer resource_metadata=http://localhost:3000/.well-known/oauth-protected-resource, scope=a"))
                .orElseThrow();
        assertThat(challenge.resourceMetadata()).contains(URI.create("http://localhost:3000/.well-known/oauth-protected-resource"));
        assertThat(challenge.scope()).contains("a");
        assertThat(BearerChallenge.parse("Bearer").orElseThrow().parameters()).isEmpty();
    }

    @Test
    void noBearerChallengeOrAnUnusableMetadataUrlGivesNothing() {
        assertThat(BearerChallenge.parse(List.of("Basic realm=\"x\""))).isEmpty();
        assertThat(BearerChallenge.parse((String) null)).isEmpty();
        assertThat(BearerChallenge.parse("Bearerx realm=1")).isEmpty();
        assertThat(BearerChallenge.parse("Bearer resource_metadata=\"/relative\"").orElseThrow().resourceMetadata()).isEmpty();
        assertThat(BearerChallenge.parse("Bearer resource_metadata=\"file:///etc/passwd\"").orElseThrow().resourceMetadata()).isEmpty();
        assertThat(BearerChallenge.parse("Bearer scope=\"\"").orElseThrow().scope()).isEmpty();
    }

    @Test
    void metadataUrlsFollowTheSpecificationsOrder() {
        assertThat(McpAuthorizationDiscovery.metadataUrls(URI.create("https://auth.example.com/tenant1"))).containsExactly(
                URI.create("https://auth.example.com/.well-known/oauth-authorization-server/tenant1"),
                URI.create("https://auth.example.com/.well-known/openid-configuration/tenant1"),
                URI.create("https://auth.example.com/tenant1/.well-known/openid-configuration"));
        assertThat(McpAuthorizationDiscovery.metadataUrls(URI.create("https://auth.example.com/"))).containsExactly(
                URI.create("https://auth.example.com/.well-known/oauth-authorization-server"),
                URI.create("https://auth.example.com/.well-known/openid-configuration"));
    }

    @Test
    void resourceMetadataCoversOnlyItsOwnResource() {
        ProtectedResourceMetadata metadata = ProtectedResourceMetadata.parse(
                "{\"resource\":\"https://mcp.example.com/mcp\",\"authorization_servers\":[\"https://auth.example.com\"]}");
        assertThat(metadata.covers(URI.create("https://mcp.example.com/mcp"))).isTrue();
        assertThat(metadata.covers(URI.create("https://mcp.example.com/mcp/sub"))).isTrue();
        assertThat(metadata.covers(URI.create("https://mcp.example.com/mcpx"))).isFalse();
        assertThat(metadata.covers(URI.create("https://evil.example.com/mcp"))).isFalse();
        assertThat(metadata.covers(URI.create("http://mcp.example.com/mcp"))).isFalse();
        assertThat(metadata.covers(URI.create("https://mcp.example.com:8443/mcp"))).isFalse();
    }
}
