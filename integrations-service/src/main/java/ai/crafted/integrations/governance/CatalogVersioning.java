package ai.crafted.integrations.governance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import ai.crafted.events.CatalogUpdatedEvent;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.integrations.audit.AuditLog;
import ai.crafted.integrations.catalog.CatalogObserver;
import ai.crafted.integrations.catalog.RefreshService;
import ai.crafted.integrations.integration.IntegrationEntity;

/**
 * Versions each catalog catalog-refresher publishes, in the transaction that stores it: when its
 * {@code catalogVersion} differs from the newest stored version, a new version (number + 1) with
 * its diff, every tool version not seen before, a policy row for every tool listed for the first
 * time (accepted at once when the plugin's new tools are enabled, else held), an audit line when
 * tools are held, and the plugin's whole policy on {@code tool-policy-updated}. A changed tool
 * keeps its accepted hash, so it is held until an admin accepts the new one.
 *
 * <p>Idempotent: a redelivered record is not stored again (older sequence), and a record whose
 * catalog hash is the newest version's adds nothing. A record without {@code toolHashes} (from a
 * refresher before them) asks for a refresh, unless it answers a refresh request itself (so an old
 * refresher cannot make us ask forever); its plugin offers no tools meanwhile (fail closed).
 */
@ApplicationScoped
public class CatalogVersioning implements CatalogObserver {

    private static final Logger LOG = Logger.getLogger(CatalogVersioning.class);

    private final ToolGovernanceStore store;
    private final PolicySnapshots snapshots;
    private final ToolPolicyPublisher publisher;
    private final AuditLog audit;
    private final RefreshService refreshes;

    public CatalogVersioning(ToolGovernanceStore store, PolicySnapshots snapshots, ToolPolicyPublisher publisher,
            AuditLog audit, RefreshService refreshes) {
        this.store = store;
        this.snapshots = snapshots;
        this.publisher = publisher;
        this.audit = audit;
        this.refreshes = refreshes;
    }

    @Override
    public Uni<Void> catalogStored(IntegrationEntity integration, CatalogUpdatedEvent catalog) {
        if (catalog.tools() == null || catalog.catalogVersion() == null) {
            return Uni.createFrom().voidItem(); // a failed listing: the versions stay as they are
        }
        if (catalog.toolHashes() == null || catalog.toolHashes().size() != catalog.tools().size()) {
            if (catalog.requestId() != null) {
                LOG.warnf("catalog of integration %s answers a refresh without tool hashes; its tools stay out",
                        integration.id);
                return Uni.createFrom().voidItem();
            }
            LOG.infof("catalog of integration %s has no tool hashes; asking for a refresh", integration.id);
            return refreshes.requestInTransaction(integration);
        }
        return snapshots.load(integration.organizationId, integration.id).chain(before -> {
            if (before.latest() != null && before.latest().catalogHash.equals(catalog.catalogVersion())) {
                return Uni.createFrom().voidItem();
            }
            return addVersion(before, catalog);
        });
    }

    private Uni<Void> addVersion(PolicySnapshot before, CatalogUpdatedEvent catalog) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Map<String, ToolDescriptor> received = new LinkedHashMap<>();
        List<CatalogTool> tools = new ArrayList<>();
        for (int i = 0; i < catalog.tools().size(); i++) {
            ToolDescriptor tool = catalog.tools().get(i);
            if (tool != null && tool.name() != null && !received.containsKey(tool.name())) {
                received.put(tool.name(), tool);
                tools.add(new CatalogTool(tool.name(), catalog.toolHashes().get(i)));
            }
        }
        Map<String, JsonNode> descriptors = new HashMap<>(before.descriptors());
        List<Object> rows = new ArrayList<>();
        for (CatalogTool tool : tools) {
            String key = ToolDiff.key(tool.name(), tool.hash());
            if (!descriptors.containsKey(key)) {
                JsonNode descriptor = snapshots.tree(received.get(tool.name()));
                descriptors.put(key, descriptor);
                ToolVersionEntity version = new ToolVersionEntity();
                version.integrationId = before.integrationId();
                version.name = tool.name();
                version.hash = tool.hash();
                version.descriptor = descriptor.toString();
                version.firstSeenAt = now;
                rows.add(version);
            }
        }
        CatalogDiff diff = ToolDiff.catalogDiff(before.tools(), tools, descriptors);
        ToolCatalogVersionEntity version = new ToolCatalogVersionEntity();
        version.integrationId = before.integrationId();
        version.organizationId = before.organizationId();
        version.number = before.catalogNumber() + 1;
        version.catalogHash = catalog.catalogVersion();
        version.createdAt = now;
        version.tools = snapshots.write(tools);
        version.diff = snapshots.write(diff);
        rows.add(version);

        Map<String, ToolPolicyEntity> policies = new HashMap<>(before.policies());
        for (CatalogTool tool : tools) {
            if (!policies.containsKey(tool.name())) {
                ToolPolicyEntity policy = new ToolPolicyEntity();
                policy.integrationId = before.integrationId();
                policy.name = tool.name();
                policy.enabled = true;
                policy.acceptedHash = before.newTools() == NewTools.ENABLED ? tool.hash() : null;
                policy.updatedAt = now;
                policy.updatedBy = AuditLog.SYSTEM;
                policies.put(tool.name(), policy);
                rows.add(policy);
            }
        }
        PolicySnapshot after = new PolicySnapshot(before.organizationId(), before.integrationId(), before.settings(),
                version, tools, policies, descriptors);
        Uni<Void> persisted = Uni.createFrom().voidItem();
        for (Object row : rows) {
            persisted = persisted.chain(() -> store.persist(row));
        }
        return persisted.chain(() -> auditHeld(after, diff))
                .chain(() -> publisher.publish(after, AuditLog.SYSTEM));
    }

    /** One audit line naming the tools this version held: changed since accepted, or new while new tools are held. */
    private Uni<Void> auditHeld(PolicySnapshot after, CatalogDiff diff) {
        Set<String> touched = diff.added().stream().collect(Collectors.toSet());
        Map<String, List<String>> changedFields = new HashMap<>();
        diff.changed().forEach(c -> {
            touched.add(c.name());
            changedFields.put(c.name(), c.fields());
        });
        var held = JsonNodeFactory.instance.arrayNode();
        for (CatalogTool tool : after.tools()) {
            ToolStateView state = after.view(tool);
            if (touched.contains(tool.name()) && !tool.hash().equals(state.acceptedHash())) {
                ObjectNode line = held.addObject().put("name", tool.name())
                        .put("reason", state.acceptedHash() == null ? "new" : "changed")
                        .put("acceptedHash", state.acceptedHash()).put("hash", tool.hash());
                List<String> fields = changedFields.getOrDefault(tool.name(),
                        ToolDiff.changedFields(after.descriptors().get(ToolDiff.key(tool.name(),
                                String.valueOf(state.acceptedHash()))), after.descriptors().get(ToolDiff.key(tool.name(), tool.hash()))));
                fields.forEach(line.putArray("fields")::add);
            }
        }
        if (held.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("catalogVersion", after.catalogNumber());
        details.set("held", held);
        return audit.record(after.organizationId(), AuditLog.SYSTEM, "tool_version.held", "integration",
                after.integrationId().toString(), details);
    }
}
