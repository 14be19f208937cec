package ai.crafted.integrations.integration;

import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Implemented by features that keep references to integrations (e.g. a WhatsApp app's plugin
 * selection): when an integration is deleted, each drops its references inside the deleting
 * transaction and publishes its own events. The dependency points from the referring feature to
 * this one, not the other way round.
 */
public interface IntegrationReferences {

    /** Runs inside the transaction that deletes the integration. */
    Uni<Void> integrationDeleted(UUID organizationId, UUID integrationId, String slug);
}
