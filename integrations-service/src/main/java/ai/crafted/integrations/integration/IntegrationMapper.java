package ai.crafted.integrations.integration;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.events.CompiledTool;
import ai.crafted.events.IntegrationState;
import ai.crafted.events.ToolDescriptor;
import ai.crafted.tools.compiler.ToolCompiler;

/**
 * Turns the stored row into the API views and the event state; one place for the JSON catalog.
 * The catalog and refresh status are shown only when the stored catalog state describes the
 * integration's current configuration (its fingerprint, see {@link CatalogFingerprints}); while
 * the refresher has not listed a changed configuration yet, the integration shows no tools, as
 * the gateway injects none.
 */
@ApplicationScoped
public class IntegrationMapper {

    private static final TypeReference<List<ToolDescriptor>> CATALOG = new TypeReference<>() {
    };
    private static final TypeReference<List<CompiledTool>> COMPILED = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public IntegrationMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @param currentFingerprint the fingerprint of the integration's configuration now */
    public IntegrationView toView(IntegrationEntity e, String currentFingerprint) {
        boolean current = describes(e, currentFingerprint);
        List<ToolDescriptor> catalog = current ? catalog(e) : List.of();
        return new IntegrationView(e.id, e.kind, e.slug, e.displayName, e.description, e.config(), e.credentialId,
                catalog, current ? compiled(e, catalog) : List.of(), toolCount(e, currentFingerprint),
                current ? e.catalogVersion : null, current ? e.protocolVersion : null,
                current ? e.catalogRefreshedAt : null, current ? e.lastRefreshError : null,
                current ? e.lastRefreshAttemptedAt : null, e.createdAt, e.updatedAt);
    }

    /**
     * @param credentialProblem why the integration's OAuth credential cannot work, or null
     * @param credentialWarning what to do about its OAuth credential while it still works, or null
     */
    public IntegrationSummaryView toSummary(IntegrationEntity e, String currentFingerprint, String credentialProblem,
            String credentialWarning) {
        boolean current = describes(e, currentFingerprint);
        return new IntegrationSummaryView(e.id, e.kind, e.slug, e.displayName, e.description, e.config(),
                e.credentialId, credentialProblem, credentialWarning, toolCount(e, currentFingerprint), current ? e.catalogVersion : null,
                current ? e.catalogRefreshedAt : null,
                current ? e.lastRefreshError : null, current ? e.lastRefreshAttemptedAt : null, e.createdAt,
                e.updatedAt);
    }

    /** The number of tools the gateway would inject for this integration now. */
    public int toolCount(IntegrationEntity e, String currentFingerprint) {
        return describes(e, currentFingerprint) ? e.toolCount : 0;
    }

    public IntegrationState toState(IntegrationEntity e) {
        return new IntegrationState(e.kind, e.slug, e.displayName, e.description, e.config(), e.credentialId,
                e.createdAt, e.updatedAt);
    }

    public String catalogJson(List<ToolDescriptor> tools) {
        return stored(tools, "tool catalog");
    }

    public String compiledJson(List<CompiledTool> compiled) {
        return stored(compiled, "compiled tools");
    }

    private String stored(Object value, String what) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " cannot be stored", e);
        }
    }

    /**
     * The current catalog and its compiled forms, or empty while the stored catalog describes
     * another configuration (the gateway then injects none of its tools either).
     */
    public Optional<CompiledCatalog> currentCatalog(IntegrationEntity e, String currentFingerprint) {
        if (!describes(e, currentFingerprint)) {
            return Optional.empty();
        }
        List<ToolDescriptor> catalog = catalog(e);
        return Optional.of(new CompiledCatalog(catalog, compiled(e, catalog)));
    }

    /** A catalog with each tool compiled for every provider profile (same order). */
    public record CompiledCatalog(List<ToolDescriptor> tools, List<CompiledTool> compiled) {
    }

    private static boolean describes(IntegrationEntity e, String currentFingerprint) {
        return e.catalogFingerprint != null && e.catalogFingerprint.equals(currentFingerprint);
    }

    /**
     * The stored compiled forms when this compiler version made them for this catalog (same tool
     * names in the same order), else compiled now: rows stored before the compiler or by another
     * version, whose forms the gateway would not send either.
     */
    private List<CompiledTool> compiled(IntegrationEntity e, List<ToolDescriptor> catalog) {
        if (e.compiledTools != null && ToolCompiler.VERSION.equals(e.compiledToolsVersion)) {
            try {
                List<CompiledTool> stored = mapper.readValue(e.compiledTools, COMPILED);
                if (ToolCompiler.compiles(stored, catalog)) {
                    return stored;
                }
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("stored compiled tools of integration " + e.id + " are not valid JSON", ex);
            }
        }
        return ToolCompiler.compile(catalog);
    }

    private List<ToolDescriptor> catalog(IntegrationEntity e) {
        try {
            return mapper.readValue(e.toolCatalog, CATALOG);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored tool catalog of integration " + e.id + " is not valid JSON", ex);
        }
    }
}
