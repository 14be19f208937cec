package ai.crafted.catalog.refresh;

import java.time.Instant;

import ai.crafted.mcp.ToolCatalog;

/**
 * What one listing of a server's tools gave, under the fingerprint it was listed with.
 *
 * @param fingerprint       {@link ai.crafted.events.ConfigFingerprint} of the configuration and
 *                          credential version used
 * @param credentialVersion the credential version used, null without credential
 * @param catalog           the tools and catalog version; null when the attempt failed
 * @param error             a message a user can act on; null on success
 * @param errorKind         the failure's kind in snake case (timeout, http_status, …)
 */
record RefreshOutcome(String fingerprint, Long credentialVersion, Instant attemptedAt, ToolCatalog catalog,
        String error, String errorKind) {

    boolean succeeded() {
        return catalog != null;
    }
}
