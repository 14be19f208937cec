package ai.crafted.gateway.tools;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import ai.crafted.events.CredentialStepUpRequestedEvent;
import ai.crafted.events.Topics;
import ai.crafted.gateway.plugin.PluginCredentials;
import ai.crafted.mcp.McpException;
import ai.crafted.mcp.oauth.BearerChallenge;
import ai.crafted.mcp.oauth.ScopeSyntax;

/**
 * The MCP authorization specification's step-up flow as a gateway can run it: when an MCP server
 * answers a tool call made with an OAuth credential's token with 403 and a Bearer challenge
 * {@code error="insufficient_scope", scope="…"} (RFC 6750 section 3.1), nobody is present to
 * consent to more access, so the gateway tells the credential's owner (a
 * {@link CredentialStepUpRequestedEvent} on {@code credential-step-up-requested}, once per
 * credential version and scope in this process) and the tool's result says that an admin must
 * reconnect; the reconnect then asks for the scope. A lost request is asked again by the next
 * refused call after a restart; until then the result still names the scope.
 */
@ApplicationScoped
public class OAuthStepUp {

    private static final Logger LOG = Logger.getLogger(OAuthStepUp.class);
    /** Remembered requests at most; beyond it the least recently asked are forgotten (a repeat request is harmless). */
    private static final int MAX_REMEMBERED = 10_000;

    private record Asked(UUID credentialId, long version, String scope) {
    }

    private final Cache<Asked, Boolean> asked = Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).build();
    private final MutinyEmitter<CredentialStepUpRequestedEvent> requests;
    private final PluginCredentials credentials;
    private final MeterRegistry meters;

    public OAuthStepUp(@Channel(Topics.CREDENTIAL_STEP_UP_REQUESTED) MutinyEmitter<CredentialStepUpRequestedEvent> requests,
            PluginCredentials credentials, MeterRegistry meters) {
        this.requests = requests;
        this.credentials = credentials;
        this.meters = meters;
    }

    /**
     * For a 403 {@code insufficient_scope} of a call made with an OAuth credential: asks for the
     * scope (see the class) and answers the sentence for the tool's result; empty for any other
     * failure or credential.
     */
    public Optional<String> stepUp(UUID organizationId, UUID integrationId, UUID credentialId, String toolName,
            McpException failure) {
        if (failure.httpStatus() != 403 || credentialId == null) {
            return Optional.empty();
        }
        Optional<BearerChallenge> challenge = BearerChallenge.parse(failure.authenticateChallenges())
                .filter(c -> c.error().filter("insufficient_scope"::equals).isPresent());
        OptionalLong version = credentials.oauthVersionOf(organizationId, credentialId);
        if (challenge.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        // The server's words go to the credential's owner and the admin's screen: only a well-formed scope value.
        Optional<String> scope = challenge.get().scope().map(String::strip).filter(ScopeSyntax::isValid);
        scope.ifPresent(needed -> request(organizationId, integrationId, credentialId, version.getAsLong(), needed, toolName));
        return Optional.of("the MCP server needs more access than the OAuth credential was granted"
                + scope.map(s -> " (scope \"" + s + "\")").orElse("")
                + ": an admin must reconnect it under Credentials in the control panel, which asks for that access");
    }

    private void request(UUID organizationId, UUID integrationId, UUID credentialId, long version, String scope, String toolName) {
        Asked key = new Asked(credentialId, version, scope);
        if (asked.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
            return;
        }
        meters.counter("gateway.oauth.step.up.requests").increment();
        var event = new CredentialStepUpRequestedEvent(CredentialStepUpRequestedEvent.SCHEMA_VERSION, UUID.randomUUID(),
                Instant.now(), organizationId, credentialId, version, scope, integrationId, toolName);
        requests.sendMessage(Message.of(event).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(credentialId.toString()).build()))
                .subscribe().with(ignored -> LOG.infof("asked for a step-up of OAuth credential %s", credentialId),
                        failure -> {
                            asked.invalidate(key); // the next refused call asks again
                            LOG.warnf("could not ask for a step-up of OAuth credential %s: %s", credentialId, failure.getMessage());
                        });
    }
}
