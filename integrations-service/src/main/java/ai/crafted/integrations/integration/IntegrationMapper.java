package ai.crafted.integrations.integration;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.events.IntegrationState;
import ai.crafted.events.McpServerConfig;
import ai.crafted.events.ToolDescriptor;

/** Turns the stored row into the API views and the event state; one place for the JSON catalog. */
@ApplicationScoped
public class IntegrationMapper {

    private static final TypeReference<List<ToolDescriptor>> CATALOG = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public IntegrationMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public IntegrationView toView(IntegrationEntity e) {
        return new IntegrationView(e.id, e.kind, e.slug, e.displayName, e.description, config(e), e.credentialId,
                catalog(e), e.catalogRefreshedAt, e.lastRefreshError, e.lastRefreshAttemptedAt, e.createdAt,
                e.updatedAt);
    }

    public IntegrationSummaryView toSummary(IntegrationEntity e) {
        return new IntegrationSummaryView(e.id, e.kind, e.slug, e.displayName, e.description, config(e),
                e.credentialId, e.toolCount, e.catalogRefreshedAt, e.lastRefreshError, e.lastRefreshAttemptedAt,
                e.createdAt, e.updatedAt);
    }

    public IntegrationState toState(IntegrationEntity e) {
        return new IntegrationState(e.kind, e.slug, e.displayName, e.description, config(e), e.credentialId,
                catalog(e), e.catalogRefreshedAt, e.lastRefreshError, e.lastRefreshAttemptedAt, e.createdAt,
                e.updatedAt);
    }

    public String catalogJson(List<ToolDescriptor> tools) {
        try {
            return mapper.writeValueAsString(tools);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tool catalog cannot be stored", e);
        }
    }

    private static McpServerConfig config(IntegrationEntity e) {
        return new McpServerConfig(e.endpoint, e.transport, e.timeoutMs);
    }

    private List<ToolDescriptor> catalog(IntegrationEntity e) {
        try {
            return mapper.readValue(e.toolCatalog, CATALOG);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored tool catalog of integration " + e.id + " is not valid JSON", ex);
        }
    }
}
