package ai.crafted.catalog.refresh;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

import ai.crafted.catalog.config.CatalogConfig;

/**
 * One listing of a catalog at a time across refresher instances, where each would otherwise
 * start its own: every instance's scheduler finds the same catalogs due, and every instance hears
 * of a credential rotation. Such a listing first claims its target ({@code listing_claimed_until})
 * with one conditional update, which succeeds only while the target still needs the listing and
 * no other claim holds; so of two instances (or two rounds) one lists and the other finds the
 * target claimed, or already listed. An install or configuration change claims its first listing
 * with the row ({@link RefreshTargetService}); {@link CatalogStore} releases the claim with the
 * outcome, and a claim whose instance stopped mid-listing expires after
 * {@code catalog.refresh.retry-after}. Refresh requests take no claim: each is answered with a
 * listing of its own.
 */
@ApplicationScoped
public class ListingClaims {

    /** Due for a scheduled listing; the parameters are {@link #dueParameters}. */
    static final String DUE = "(lastAttemptAt is null or (refreshRequired = true and lastAttemptAt < :retryBefore)"
            + " or (nextRefreshAt is null and lastAttemptAt < :maxAgeBefore) or nextRefreshAt <= :now)";
    /** No listing under way (parameter {@code now}). */
    static final String UNCLAIMED = "(listingClaimedUntil is null or listingClaimedUntil <= :now)";

    private final RefreshTargetRepository targets;
    private final CatalogConfig config;
    private final Vertx vertx;

    public ListingClaims(RefreshTargetRepository targets, CatalogConfig config, Vertx vertx) {
        this.targets = targets;
        this.config = config;
        this.vertx = vertx;
    }

    /** The parameters of {@link #DUE} and {@link #UNCLAIMED} at {@code now}. */
    Parameters dueParameters(Instant now) {
        return Parameters.with("now", now).and("retryBefore", now.minus(config.refresh().retryAfter()))
                .and("maxAgeBefore", now.minus(config.refresh().maxAge()));
    }

    /** Until when a claim taken now keeps other listings away. */
    Instant claimedUntil(Instant now) {
        return now.plus(config.refresh().retryAfter());
    }

    /** Claims a scheduled listing; false when the target is claimed, no longer due, or gone. */
    Uni<Boolean> claimDue(UUID integrationId) {
        Instant now = Instant.now();
        return claim("integrationId = :id and " + UNCLAIMED + " and " + DUE,
                dueParameters(now).and("id", integrationId).and("until", claimedUntil(now)));
    }

    /**
     * Claims the listing after a rotation of the target's credential to {@code credentialVersion};
     * false when the target is claimed, was already listed with that version or a later one, or is
     * gone. Later: an instance that has not heard of the latest rotation yet must not take the
     * catalog listed with it for one listed with a rotated-away secret (credential versions only
     * grow), or it would list it again with the old secret.
     */
    Uni<Boolean> claimRotated(UUID integrationId, long credentialVersion) {
        Instant now = Instant.now();
        return claim("integrationId = :id and " + UNCLAIMED + " and catalogFingerprint is not null"
                + " and (catalogCredentialVersion is null or catalogCredentialVersion < :version)",
                Parameters.with("now", now).and("id", integrationId).and("version", credentialVersion)
                        .and("until", claimedUntil(now)));
    }

    private Uni<Boolean> claim(String condition, Parameters parameters) {
        return OwnSession.run(vertx, () -> Panache.withTransaction(
                () -> targets.update("listingClaimedUntil = :until where " + condition, parameters)))
                .map(updated -> updated == 1);
    }
}
