package ai.crafted.integrations.governance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.audit.AuditLog;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.error.Paging;
import ai.crafted.integrations.error.RequestChecks;
import ai.crafted.integrations.integration.IntegrationEntity;
import ai.crafted.integrations.integration.IntegrationRepository;

/**
 * Reads and changes a plugin's tool policy. Every change runs in one transaction holding the
 * integration row's lock (so it serialises with catalog versions), writes an audit line
 * (actor, before and after) and publishes the whole policy. A plugin of another organisation is
 * 404 {@code not_found} like a missing one; so is a tool its current catalog does not list.
 */
@ApplicationScoped
public class ToolPolicyService {

    private final IntegrationRepository integrations;
    private final ToolGovernanceStore store;
    private final PolicySnapshots snapshots;
    private final ToolPolicyPublisher publisher;
    private final AuditLog audit;
    private final RequestChecks checks;

    public ToolPolicyService(IntegrationRepository integrations, ToolGovernanceStore store, PolicySnapshots snapshots,
            ToolPolicyPublisher publisher, AuditLog audit, RequestChecks checks) {
        this.integrations = integrations;
        this.store = store;
        this.snapshots = snapshots;
        this.publisher = publisher;
        this.audit = audit;
        this.checks = checks;
    }

    /** The plugin's tools of its newest catalog version with their states, in catalog order. */
    public Uni<PluginToolsView> tools(UUID organizationId, UUID integrationId) {
        return Panache.withSession(() -> loadOwned(organizationId, integrationId)
                .chain(entity -> snapshots.load(organizationId, integrationId))
                .map(s -> new PluginToolsView(s.catalogNumber(), s.newTools(), s.policyVersion(), s.views())));
    }

    /** One tool with its state and, when held, the change waiting for acceptance. */
    public Uni<ToolStateView> tool(UUID organizationId, UUID integrationId, String name) {
        return Panache.withSession(() -> loadOwned(organizationId, integrationId)
                .chain(entity -> snapshots.load(organizationId, integrationId))
                .map(s -> s.view(requireTool(s, name))));
    }

    /** The plugin's catalog versions, newest first, each with its diff. */
    public Uni<CatalogVersionView.Page> versions(UUID organizationId, UUID integrationId, Paging paging) {
        return Panache.withSession(() -> loadOwned(organizationId, integrationId)
                .chain(entity -> store.versions(integrationId, paging.offset(), paging.size()))
                .chain(rows -> store.versionCount(integrationId).map(total -> new CatalogVersionView.Page(
                        rows.stream().map(v -> new CatalogVersionView(v.number, v.catalogHash, v.createdAt,
                                snapshots.tools(v), snapshots.diff(v))).toList(),
                        paging.page(), paging.size(), total))));
    }

    /**
     * @throws ApiException 400 {@code invalid_request} for a patch that names no field or sets
     *                      {@code enabled} to null; 404 for an unknown plugin or tool
     */
    public Uni<ToolStateView> update(UUID organizationId, UUID integrationId, String name, ToolPolicyPatch patch,
            String actor) {
        if (patch == null || (!patch.enabled().isPresent() && !patch.approvalOverride().isPresent())) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "the PATCH body must name enabled or approvalOverride", null);
        }
        if (patch.enabled().isPresent() && patch.enabled().get() == null) {
            throw new ApiException(400, ErrorCodes.INVALID_REQUEST, "enabled must be true or false", "enabled");
        }
        return changing(organizationId, integrationId, name, (snapshot, policy) -> {
            ObjectNode before = policyFields(policy);
            patch.enabled().ifPresent(enabled -> policy.enabled = enabled);
            patch.approvalOverride().ifPresent(override -> policy.approvalOverride = override == null ? null : override.wire());
            ObjectNode after = policyFields(policy);
            return before.equals(after) ? null : new Change("tool_policy.updated", before, after);
        }, actor);
    }

    /**
     * Accepts the tool's current version, which must be the one the admin reviewed.
     *
     * @throws ApiException 409 {@code tool_version_conflict} when {@code hash} is not the tool's current hash
     */
    public Uni<ToolStateView> accept(UUID organizationId, UUID integrationId, String name, AcceptToolVersionRequest request,
            String actor) {
        checks.validated(request);
        return changing(organizationId, integrationId, name, (snapshot, policy) -> {
            CatalogTool tool = snapshot.tool(name);
            if (!tool.hash().equals(request.hash())) {
                throw new ApiException(409, ErrorCodes.TOOL_VERSION_CONFLICT, "the tool changed since that version was shown:"
                        + " its current version is " + tool.hash() + "; review it before accepting", "hash");
            }
            if (tool.hash().equals(policy.acceptedHash)) {
                return null; // accepted already
            }
            ToolStateView.Change change = snapshot.view(tool).change();
            ObjectNode before = JsonNodeFactory.instance.objectNode().put("acceptedHash", policy.acceptedHash);
            policy.acceptedHash = tool.hash();
            ObjectNode after = JsonNodeFactory.instance.objectNode().put("acceptedHash", policy.acceptedHash);
            var fields = after.putArray("changedFields");
            change.fields().forEach(f -> fields.add(f.field()));
            if (change.otherChanged()) {
                fields.add(ToolDiff.OTHER);
            }
            return new Change("tool_version.accepted", before, after);
        }, actor);
    }

    /** Sets what happens to tools the plugin lists for the first time from now on. */
    public Uni<PluginToolsView> setNewTools(UUID organizationId, UUID integrationId, ToolSettingsRequest request,
            String actor) {
        checks.validated(request);
        return Panache.withTransaction(() -> lockOwned(organizationId, integrationId)
                .chain(entity -> snapshots.load(organizationId, integrationId))
                .chain(snapshot -> {
                    if (snapshot.newTools() == request.newTools()) {
                        return Uni.createFrom().item(snapshot);
                    }
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    ToolGovernanceEntity settings = snapshot.settings();
                    Uni<Void> saved = Uni.createFrom().voidItem();
                    if (settings == null) {
                        settings = new ToolGovernanceEntity();
                        settings.integrationId = integrationId;
                        settings.organizationId = organizationId;
                        saved = store.persist(settings);
                    }
                    ObjectNode before = JsonNodeFactory.instance.objectNode().put("newTools", snapshot.newTools().wire());
                    settings.newTools = request.newTools().wire();
                    settings.updatedAt = now;
                    settings.updatedBy = actor;
                    ObjectNode details = JsonNodeFactory.instance.objectNode();
                    details.set("before", before);
                    details.set("after", JsonNodeFactory.instance.objectNode().put("newTools", settings.newTools));
                    PolicySnapshot after = new PolicySnapshot(organizationId, integrationId, settings, snapshot.latest(),
                            snapshot.tools(), snapshot.policies(), snapshot.descriptors());
                    return saved.chain(() -> audit.record(organizationId, actor, "tool_settings.updated", "integration",
                            integrationId.toString(), details))
                            .chain(() -> publisher.publish(after, actor)).replaceWith(after);
                })
                .map(s -> new PluginToolsView(s.catalogNumber(), s.newTools(), s.policyVersion(), s.views())));
    }

    /** What a change did, for the audit line; null when it changed nothing (no line, no event). */
    private record Change(String action, ObjectNode before, ObjectNode after) {
    }

    @FunctionalInterface
    private interface PolicyChange {
        Change apply(PolicySnapshot snapshot, ToolPolicyEntity policy);
    }

    private Uni<ToolStateView> changing(UUID organizationId, UUID integrationId, String name, PolicyChange change,
            String actor) {
        return Panache.withTransaction(() -> lockOwned(organizationId, integrationId)
                .chain(entity -> snapshots.load(organizationId, integrationId))
                .chain(snapshot -> {
                    CatalogTool tool = requireTool(snapshot, name);
                    ToolPolicyEntity policy = snapshot.policies().get(name);
                    Change made = change.apply(snapshot, policy);
                    if (made == null) {
                        return Uni.createFrom().item(snapshot.view(tool));
                    }
                    policy.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    policy.updatedBy = actor;
                    ObjectNode details = JsonNodeFactory.instance.objectNode();
                    details.put("tool", name);
                    details.set("before", made.before());
                    details.set("after", made.after());
                    return audit.record(organizationId, actor, made.action(), "tool", integrationId + "/" + name, details)
                            .chain(() -> publisher.publish(snapshot, actor))
                            .map(ignored -> snapshot.view(tool));
                }));
    }

    private static ObjectNode policyFields(ToolPolicyEntity policy) {
        return JsonNodeFactory.instance.objectNode().put("enabled", policy.enabled)
                .put("approvalOverride", policy.approvalOverride);
    }

    private static CatalogTool requireTool(PolicySnapshot snapshot, String name) {
        CatalogTool tool = name == null ? null : snapshot.tool(name);
        if (tool == null || !snapshot.policies().containsKey(name)) {
            throw ApiException.notFound("tool " + name);
        }
        return tool;
    }

    private Uni<IntegrationEntity> loadOwned(UUID organizationId, UUID integrationId) {
        return integrations.findOwnedOrNotFound(organizationId, integrationId, "integration " + integrationId);
    }

    private Uni<IntegrationEntity> lockOwned(UUID organizationId, UUID integrationId) {
        return integrations.findOwnedForUpdate(organizationId, integrationId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("integration " + integrationId));
    }

}
