package ai.crafted.catalog.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import ai.crafted.events.ChangeType;
import ai.crafted.events.ConfigFingerprint;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.McpTransport;
import ai.crafted.testsupport.events.SampleEvents;
import ai.crafted.testsupport.postgres.TestDatabase;

/**
 * Every refresher instance's scheduler finds the same catalogs due and every instance hears of a
 * credential rotation: of two claims on one catalog at the same moment exactly one succeeds; an
 * install's own listing holds the claim until its outcome is recorded, after which the catalog is
 * no longer due; and the claim of an instance that stopped mid-listing expires.
 */
@QuarkusTest
class ListingClaimsTest {

    private static final McpServerConfig CONFIG = new McpServerConfig("http://127.0.0.1:9/mcp", McpTransport.STREAMABLE_HTTP, 1000);

    @Inject
    ListingClaims claims;

    @Inject
    RefreshTargetService targets;

    @Inject
    CatalogStore store;

    @Inject
    Vertx vertx;

    private final UUID org = UUID.randomUUID();

    @Test
    void ofTwoClaimsOnOneDueCatalogAtTheSameMomentExactlyOneSucceeds() throws Throwable {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID id = install("due-" + i, null);
            release(id);
            ids.add(id);
        }
        for (UUID id : ids) {
            assertThat(both(() -> claims.claimDue(id))).as("claims of %s that succeeded", id).containsOnlyOnce(true);
        }
    }

    @Test
    void anInstallHoldsItsListingUntilTheOutcomeIsRecordedAndIsThenNoLongerDue() throws Throwable {
        UUID id = install("installed", null);
        assertThat(await(claims.claimDue(id))).as("claim while the install's own listing runs").isFalse();

        RefreshTarget target = new RefreshTarget(org, id, CONFIG, null);
        await(store.record(target, new RefreshOutcome(ConfigFingerprint.of(CONFIG, null, -1), null, Instant.now(), null,
                "connection refused", "connection"), null));
        assertThat(row(id).get("listing_claimed_until")).isNull();
        assertThat(await(claims.claimDue(id))).as("claim right after an attempt was recorded").isFalse();

        TestDatabase.update("update refresh_targets set last_attempt_at = now() - interval '1 hour' where integration_id = ?", id);
        assertThat(await(claims.claimDue(id))).as("claim once the retry is due").isTrue();
        assertThat(await(claims.claimDue(id))).as("second claim of the same due listing").isFalse();
    }

    @Test
    void theClaimOfAnInstanceThatStoppedMidListingExpires() throws Throwable {
        UUID id = install("abandoned", null);
        TestDatabase.update("update refresh_targets set listing_claimed_until = now() - interval '1 second' where integration_id = ?", id);

        assertThat(await(claims.claimDue(id))).isTrue();
    }

    @Test
    void aRotationIsListedOnceForEachNewCredentialVersion() throws Throwable {
        UUID credential = UUID.randomUUID();
        UUID id = install("rotated", credential);
        release(id);
        TestDatabase.update("update refresh_targets set catalog_fingerprint = 'listed', catalog_credential_version = 1,"
                + " last_attempt_at = now(), refresh_required = false where integration_id = ?", id);

        assertThat(both(() -> claims.claimRotated(id, 2))).containsOnlyOnce(true);
        release(id);
        TestDatabase.update("update refresh_targets set catalog_credential_version = 2 where integration_id = ?", id);
        assertThat(await(claims.claimRotated(id, 2))).as("claim after version 2 was listed").isFalse();
        assertThat(await(claims.claimRotated(id, 3))).as("claim after the next rotation").isTrue();
        release(id);
        TestDatabase.update("update refresh_targets set catalog_credential_version = 3 where integration_id = ?", id);
        assertThat(await(claims.claimRotated(id, 2)))
                .as("claim by an instance that holds version 2 after another listed version 3").isFalse();
    }

    private UUID install(String slug, UUID credentialId) throws Throwable {
        UUID id = UUID.randomUUID();
        assertThat(await(targets.apply(SampleEvents.integration(ChangeType.CREATED, org, id, 0, slug, CONFIG, credentialId))))
                .isTrue();
        return id;
    }

    /** Ends the claim an install takes for its own listing, as that listing's recorded outcome would. */
    private static void release(UUID id) {
        TestDatabase.update("update refresh_targets set listing_claimed_until = null where integration_id = ?", id);
    }

    private static java.util.Map<String, Object> row(UUID id) {
        return TestDatabase.query("select * from refresh_targets where integration_id = ?", id).get(0);
    }

    /** Two claims started together, each on its own event-loop context as two instances' work would be. */
    private List<Boolean> both(Supplier<Uni<Boolean>> claim) {
        List<CompletableFuture<Boolean>> results = List.of(new CompletableFuture<>(), new CompletableFuture<>());
        results.forEach(result -> vertx.getOrCreateContext().runOnContext(v -> claim.get().subscribe()
                .with(result::complete, result::completeExceptionally)));
        return results.stream().map(result -> result.orTimeout(30, TimeUnit.SECONDS).join()).toList();
    }

    private static <T> T await(Uni<T> uni) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> uni);
    }
}
