package ai.crafted.integrations.preview;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.apikey.ApiKeyRepository;
import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.governance.ToolOffers;
import ai.crafted.integrations.integration.CatalogFingerprints;
import ai.crafted.integrations.integration.IntegrationEntity;
import ai.crafted.integrations.integration.IntegrationMapper;
import ai.crafted.integrations.integration.IntegrationRepository;
import ai.crafted.integrations.whatsapp.WhatsAppAppRepository;
import ai.crafted.tools.compiler.PreparedTool;
import ai.crafted.tools.compiler.ToolProfile;
import ai.crafted.tools.compiler.ToolsArrays;
import ai.crafted.http.CanonicalUuid;

/**
 * Builds the tools array a surface's requests carry, with the same code the gateway uses
 * ({@link ToolsArrays}: plugins by slug, tools in catalog order, the compiled form of the profile,
 * the profile's tool limit) from the same catalogs (only those that describe the plugin's current
 * configuration), so the preview is what the gateway sends; a surface's tool allowlist is one
 * filter step ({@link SurfaceAllowlist}) with its own reason.
 */
@ApplicationScoped
public class ToolPreviewService {

    private final IntegrationRepository integrations;
    private final ApiKeyRepository apiKeys;
    private final WhatsAppAppRepository whatsAppApps;
    private final CatalogFingerprints fingerprints;
    private final IntegrationMapper mapper;
    private final ToolOffers offers;

    public ToolPreviewService(IntegrationRepository integrations, ApiKeyRepository apiKeys,
            WhatsAppAppRepository whatsAppApps, CatalogFingerprints fingerprints, IntegrationMapper mapper,
            ToolOffers offers) {
        this.offers = offers;
        this.integrations = integrations;
        this.apiKeys = apiKeys;
        this.whatsAppApps = whatsAppApps;
        this.fingerprints = fingerprints;
        this.mapper = mapper;
    }

    /**
     * @param profileId one of the profile ids; null for {@code openai}
     * @param apiKeyId  an API key of the organisation (it reaches the plugins of its scope: every plugin when it has none)
     * @param appId     a WhatsApp app of the organisation (its selected plugins)
     * @param pluginIds plugins of the organisation, each given once or more
     * @throws ApiException 400 {@code invalid_request} for an unknown profile, a malformed id, more
     *                      than one surface or a revoked key; 404 {@code not_found} for an id that is
     *                      not the organisation's
     */
    public Uni<ToolPreview> preview(UUID organizationId, String profileId, String apiKeyId, String appId,
            List<String> pluginIds) {
        ToolProfile profile = profile(profileId);
        long surfaces = (apiKeyId != null ? 1 : 0) + (appId != null ? 1 : 0) + (pluginIds.isEmpty() ? 0 : 1);
        if (surfaces > 1) {
            throw invalid("apiKeyId", "give at most one surface: apiKeyId, whatsAppAppId or pluginId (repeatable)");
        }
        // The organisation's integrations are read once: they check a plugin list and build the array.
        return Panache.withSession(() -> integrations.listIn(organizationId).chain(all -> surface(organizationId, apiKeyId,
                appId, pluginIds, all).chain(surface -> fingerprints.of(organizationId, all)
                        .chain(current -> offers.of(all).map(policy -> build(profile, surface, all.stream()
                                .filter(i -> surface.pluginIds() == null || surface.pluginIds().contains(i.id))
                                .sorted(Comparator.comparing((IntegrationEntity i) -> i.slug))
                                .map(i -> new ToolsArrays.Source<>(i, mapper.currentCatalog(i, current.get(i.id))
                                        .map(c -> governed(i, ToolsArrays.prepare(i.slug, c.tools(), c.compiled(), profile),
                                                policy))
                                        .map(tools -> SurfaceAllowlist.filter(i.id, tools, surface.allowedTools(),
                                                SurfaceAllowlist.reason(surface.kind())))
                                        .orElse(List.of())))
                                .toList()))))));
    }

    /** The tool policy's verdict first: a held or disabled tool is not offered, whatever the profile allows. */
    private static List<PreparedTool> governed(IntegrationEntity plugin, List<PreparedTool> prepared,
            ToolOffers.Refusals policy) {
        return prepared.stream().map(tool -> {
            String refused = policy.reason(plugin.id, tool.tool().name());
            return refused == null ? tool : new PreparedTool(tool.name(), tool.tool(), tool.form(), null, refused);
        }).toList();
    }

    private static ToolPreview build(ToolProfile profile, ToolPreview.Surface surface,
            List<ToolsArrays.Source<IntegrationEntity>> sources) {
        var assembled = ToolsArrays.assemble(sources, profile, profile.maxTools());
        int bytes = assembled.bytes();
        return new ToolPreview(profile.id(), surface, assembled.tools(), assembled.omitted(), assembled.byName().size(),
                profile.maxTools(), bytes, ToolsArrays.estimatedTokens(bytes),
                SurfaceAllowlist.notListed(surface.allowedTools(), sources));
    }

    private Uni<ToolPreview.Surface> surface(UUID organizationId, String apiKeyId, String appId, List<String> pluginIds,
            List<IntegrationEntity> all) {
        if (apiKeyId != null) {
            UUID id = id("apiKeyId", apiKeyId);
            return apiKeys.findOwned(organizationId, id).map(key -> {
                if (key == null) {
                    throw ApiException.notFound("API key " + id);
                }
                if (key.revokedAt != null) {
                    throw invalid("apiKeyId", "the API key is revoked: the gateway refuses its requests, so it sends no tools");
                }
                return new ToolPreview.Surface("api_key", id, key.pluginIds(), key.toolAllowlist());
            });
        }
        if (appId != null) {
            UUID id = id("whatsAppAppId", appId);
            return whatsAppApps.findOwned(organizationId, id).map(app -> {
                if (app == null) {
                    throw ApiException.notFound("WhatsApp app " + id);
                }
                return new ToolPreview.Surface("whatsapp_app", id, app.pluginIds(), app.toolAllowlist());
            });
        }
        if (!pluginIds.isEmpty()) {
            Set<UUID> ids = new LinkedHashSet<>();
            pluginIds.forEach(p -> ids.add(id("pluginId", p)));
            Set<UUID> owned = new LinkedHashSet<>();
            all.forEach(i -> owned.add(i.id));
            ids.stream().filter(id -> !owned.contains(id)).findFirst().ifPresent(missing -> {
                throw ApiException.notFound("integration " + missing);
            });
            return Uni.createFrom().item(new ToolPreview.Surface("plugins", null, List.copyOf(ids), null));
        }
        return Uni.createFrom().item(new ToolPreview.Surface("organization", null, null, null));
    }

    private static ToolProfile profile(String id) {
        if (id == null) {
            return ToolProfile.OPENAI;
        }
        return ToolProfile.byId(id).orElseThrow(() -> invalid("profile", "profile must be one of "
                + Arrays.stream(ToolProfile.values()).map(ToolProfile::id).toList()));
    }

    private static UUID id(String field, String value) {
        return CanonicalUuid.parse(value).orElseThrow(() -> invalid(field, field + " must be a UUID"));
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(400, ErrorCodes.INVALID_REQUEST, message, field);
    }
}
