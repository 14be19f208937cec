package ai.crafted.integrations.credential;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.integrations.auth.OrganizationRecords;

/** The organisation-scoped reads of credentials ({@link OrganizationRecords}). */
@ApplicationScoped
public class CredentialRepository implements OrganizationRecords<CredentialEntity> {

    /** Searched by name; sorted by name or created. */
    @Override
    public List<String> searchedFields() {
        return List.of("name");
    }

    @Override
    public Map<String, String> sortFields() {
        return Map.of("name", "name", "created", "createdAt");
    }
}
