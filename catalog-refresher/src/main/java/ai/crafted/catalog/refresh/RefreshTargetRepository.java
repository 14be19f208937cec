package ai.crafted.catalog.refresh;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class RefreshTargetRepository implements PanacheRepositoryBase<RefreshTargetEntity, UUID> {
}
