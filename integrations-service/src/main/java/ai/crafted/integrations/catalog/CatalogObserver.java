package ai.crafted.integrations.catalog;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.integrations.integration.IntegrationEntity;

/**
 * Implemented by features that act on each catalog stored (tool governance versions it): called
 * inside the transaction that stores it, with the integration row locked, once per stored record
 * (a redelivered or older record is not stored, so not passed on).
 */
public interface CatalogObserver {

    Uni<Void> catalogStored(IntegrationEntity integration, CatalogUpdatedEvent catalog);
}
