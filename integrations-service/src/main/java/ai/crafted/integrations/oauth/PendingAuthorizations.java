package ai.crafted.integrations.oauth;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Started authorizations by state hash. */
@ApplicationScoped
public class PendingAuthorizations implements PanacheRepositoryBase<PendingAuthorizationEntity, String> {
}
