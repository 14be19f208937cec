package ai.crafted.integrations.catalog;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.integrations.integration.IntegrationEntity;
import ai.crafted.integrations.integration.IntegrationMapper;
import ai.crafted.integrations.integration.IntegrationRepository;
import ai.crafted.tools.compiler.ToolCompiler;

/**
 * Keeps each integration's copy of its catalog as catalog-refresher last published it: the newest
 * record (by {@code sequence}) wins, whatever configuration it describes; whether it is shown
 * is decided when reading, by its fingerprint (see {@code IntegrationMapper}). Nothing is
 * published back: the gateway reads the same topic.
 */
@ApplicationScoped
public class CatalogReadModel {

    private static final Logger LOG = Logger.getLogger(CatalogReadModel.class);

    private final IntegrationRepository repository;
    private final IntegrationMapper mapper;
    private final Instance<CatalogObserver> observers;

    public CatalogReadModel(IntegrationRepository repository, IntegrationMapper mapper, Instance<CatalogObserver> observers) {
        this.repository = repository;
        this.mapper = mapper;
        this.observers = observers;
    }

    @WithTransaction
    public Uni<Void> apply(CatalogUpdatedEvent catalog) {
        return repository.findForUpdate(catalog.integrationId()).chain(entity -> {
            if (entity == null || !entity.organizationId.equals(catalog.organizationId())) {
                LOG.debugf("catalog for unknown integration %s ignored", catalog.integrationId());
                return Uni.createFrom().voidItem();
            }
            if (catalog.sequence() <= entity.catalogSequence) {
                return Uni.createFrom().voidItem(); // a redelivery or an older record
            }
            store(entity, catalog);
            return notifyObservers(entity, catalog);
        });
    }

    private Uni<Void> notifyObservers(IntegrationEntity entity, CatalogUpdatedEvent catalog) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CatalogObserver observer : observers) {
            chain = chain.chain(() -> observer.catalogStored(entity, catalog));
        }
        return chain;
    }

    private void store(IntegrationEntity entity, CatalogUpdatedEvent catalog) {
        entity.catalogSequence = catalog.sequence();
        entity.catalogFingerprint = catalog.configFingerprint();
        entity.catalogVersion = catalog.catalogVersion();
        entity.protocolVersion = catalog.protocolVersion();
        entity.toolCatalog = mapper.catalogJson(catalog.tools() == null ? List.of() : catalog.tools());
        entity.toolCount = catalog.tools() == null ? 0 : catalog.tools().size();
        entity.compiledTools = mapper.compiledJson(catalog.tools() == null ? List.of() : ToolCompiler.compiledOf(catalog));
        entity.compiledToolsVersion = ToolCompiler.VERSION;
        entity.catalogRefreshedAt = catalog.refreshedAt();
        entity.lastRefreshError = catalog.lastError();
        entity.lastRefreshAttemptedAt = catalog.lastAttemptAt();
        if (catalog.requestId() != null) {
            entity.lastRefreshRequestId = catalog.requestId();
        }
    }
}
