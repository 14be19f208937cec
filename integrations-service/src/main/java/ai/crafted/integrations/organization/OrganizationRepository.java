package ai.crafted.integrations.organization;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Organisations by id; the id is the tenant itself, so no organisation filter applies. */
@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<OrganizationEntity, UUID> {

    private final Pool pool;

    public OrganizationRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The names of those of the organisations that have one, in one query. Through the SQL client,
     * not Hibernate Reactive: the web UI reads them in a request filter, which runs on a worker
     * thread before a blocking resource method, where Hibernate Reactive refuses to work.
     */
    public Uni<Map<UUID, String>> namesOf(Collection<UUID> organizationIds) {
        return pool.preparedQuery("select id, name from organizations where id = any($1)")
                .execute(Tuple.of(organizationIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, String> names = new HashMap<>();
                    for (Row row : rows) {
                        names.put(row.getUUID("id"), row.getString("name"));
                    }
                    return names;
                });
    }
}
