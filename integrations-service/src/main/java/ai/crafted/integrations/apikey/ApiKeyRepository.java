package ai.crafted.integrations.apikey;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.integrations.auth.OrganizationRecords;

/** The organisation-scoped reads of API keys ({@link OrganizationRecords}). */
@ApplicationScoped
public class ApiKeyRepository implements OrganizationRecords<ApiKeyEntity> {

    /** Searched by name and key prefix; sorted by name or created. */
    @Override
    public List<String> searchedFields() {
        return List.of("name", "prefix");
    }

    @Override
    public Map<String, String> sortFields() {
        return Map.of("name", "name", "created", "createdAt");
    }
}
