package ai.crafted.catalog.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import ai.crafted.catalog.config.CatalogConfig;
import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.ConfigFingerprint;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.events.Topics;
import ai.crafted.outbox.Outbox;
import ai.crafted.secrets.CredentialSecrets;
import ai.crafted.tools.compiler.ToolCompiler;

/**
 * The catalogs the refresher owns. An outcome is stored only when it was listed for the
 * integration's current configuration and credential version, and is not older than the stored
 * attempt nor listed with an older credential version than the stored catalog; a success replaces the tools, a failure keeps them (for the same configuration) and
 * records the error. Every stored change, and every answer to a refresh request, is published on
 * {@code catalog-updated} through the outbox in the same transaction.
 */
@ApplicationScoped
public class CatalogStore {

    private static final TypeReference<List<ToolDescriptor>> TOOLS = new TypeReference<>() {
    };

    private final RefreshTargetRepository targets;
    private final CredentialSecrets credentials;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final CatalogConfig config;

    public CatalogStore(RefreshTargetRepository targets, CredentialSecrets credentials, Outbox outbox, ObjectMapper json,
            Vertx vertx, CatalogConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.targets = targets;
        this.credentials = credentials;
        this.outbox = outbox;
        this.json = json;
    }

    /** Records one outcome for {@code target}; answers {@code requestId} (if any) with the resulting state. */
    public Uni<Void> record(RefreshTarget target, RefreshOutcome outcome, UUID requestId) {
        return OwnSession.run(vertx, () -> Panache.withTransaction(() -> targets.findById(target.integrationId(), LockModeType.PESSIMISTIC_WRITE)
                .chain(row -> {
                    if (row == null) {
                        return Uni.createFrom().voidItem(); // deleted meanwhile
                    }
                    // Any outcome ends the claim: one listed for an outdated configuration too, so
                    // the listing the current one needs is not held back until the claim expires.
                    row.listingClaimedUntil = null;
                    boolean stored = applies(row, outcome) && store(row, outcome);
                    return stored || requestId != null ? publish(row, requestId) : Uni.createFrom().voidItem();
                })));
    }

    /** The fingerprint of the row's configuration with the credential version held right now. */
    String currentFingerprint(RefreshTargetEntity row) {
        long credentialVersion = row.credentialId == null ? -1
                : credentials.versionOf(row.organizationId, row.credentialId).orElse(-1);
        return ConfigFingerprint.of(row.config(), row.credentialId, credentialVersion);
    }

    private boolean applies(RefreshTargetEntity row, RefreshOutcome outcome) {
        return outcome.fingerprint().equals(currentFingerprint(row)) && !behindStoredCatalog(row, outcome);
    }

    /**
     * Listed with an older version of the credential the stored catalog was listed with: this
     * instance had not heard of a rotation another instance already listed with (credential
     * versions only grow), so the outcome describes a rotated-away secret.
     */
    private static boolean behindStoredCatalog(RefreshTargetEntity row, RefreshOutcome outcome) {
        return outcome.credentialVersion() != null && row.catalogCredentialVersion != null
                && outcome.credentialVersion() < row.catalogCredentialVersion
                && ConfigFingerprint.of(row.config(), row.credentialId, row.catalogCredentialVersion).equals(row.catalogFingerprint);
    }

    private boolean store(RefreshTargetEntity row, RefreshOutcome outcome) {
        boolean sameConfiguration = outcome.fingerprint().equals(row.catalogFingerprint);
        if (sameConfiguration && row.lastAttemptAt != null && outcome.attemptedAt().isBefore(row.lastAttemptAt)) {
            return false; // an older attempt finishing late
        }
        if (!sameConfiguration) {
            // A new configuration starts without a catalog: the old one describes another server or secret.
            row.catalogFingerprint = outcome.fingerprint();
            row.catalogCredentialVersion = outcome.credentialVersion();
            row.tools = null;
            row.toolHashes = null;
            row.catalogVersion = null;
            row.catalogRefreshedAt = null;
        }
        row.lastAttemptAt = outcome.attemptedAt();
        if (outcome.succeeded()) {
            row.tools = write(outcome.catalog().tools());
            row.toolHashes = outcome.catalog().toolHashes() == null ? null : write(outcome.catalog().toolHashes());
            row.catalogVersion = outcome.catalog().version();
            row.catalogRefreshedAt = outcome.attemptedAt();
            row.lastError = null;
            row.lastErrorKind = null;
            row.refreshRequired = false;
            row.protocolVersion = outcome.catalog().protocolVersion();
            row.cacheScope = outcome.catalog().cacheScope();
            row.catalogTtlMs = outcome.catalog().ttlMs();
            // ttlMs 0 is the SDKs' default ("no promise"): the catalog then follows max-age like a 2025 one.
            row.nextRefreshAt = !hasTtl(row) ? null : outcome.attemptedAt().plus(ttl(row.catalogTtlMs));
        } else {
            row.lastError = outcome.error();
            row.lastErrorKind = outcome.errorKind();
            // A server that set a TTL is tried again after the retry delay, not after the TTL.
            row.nextRefreshAt = !hasTtl(row) ? null : outcome.attemptedAt().plus(config.refresh().retryAfter());
        }
        return true;
    }

    private static boolean hasTtl(RefreshTargetEntity row) {
        return row.catalogTtlMs != null && row.catalogTtlMs > 0;
    }

    /** The server's TTL within {@code catalog.refresh.min-ttl} and {@code max-ttl}. */
    Duration ttl(long ttlMs) {
        Duration asked = Duration.ofMillis(ttlMs);
        Duration min = config.refresh().minTtl();
        Duration max = config.refresh().maxTtl();
        return asked.compareTo(min) < 0 ? min : asked.compareTo(max) > 0 ? max : asked;
    }

    private Uni<Void> publish(RefreshTargetEntity row, UUID requestId) {
        row.sequence++;
        List<ToolDescriptor> tools = row.tools == null ? null : read(row.tools);
        // Compiled here, once per published record, so no reader compiles per request (readers of
        // another compiler version recompile once, see ToolCompiler.compiledOf).
        var event = new CatalogUpdatedEvent(CatalogUpdatedEvent.SCHEMA_VERSION, UUID.randomUUID(), Instant.now(),
                row.organizationId, row.integrationId, row.sequence, row.catalogFingerprint, row.catalogVersion,
                tools, row.catalogRefreshedAt, row.lastAttemptAt, row.lastError, row.lastErrorKind, requestId,
                tools == null ? null : ToolCompiler.VERSION, tools == null ? null : ToolCompiler.compile(tools),
                tools == null ? null : row.protocolVersion, tools == null ? null : readHashes(row.toolHashes));
        return outbox.enqueue(Topics.CATALOG_UPDATED, row.integrationId.toString(), event);
    }

    private List<String> readHashes(String hashes) {
        try {
            return hashes == null ? null : List.of(json.readValue(hashes, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored tool hashes cannot be read", e);
        }
    }

    private String write(List<?> tools) {
        try {
            return json.writeValueAsString(tools);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tool catalog cannot be stored", e);
        }
    }

    private List<ToolDescriptor> read(String tools) {
        try {
            return json.readValue(tools, TOOLS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored tool catalog is not valid JSON", e);
        }
    }
}
