package ai.crafted.integrations.apikey;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.integrations.auth.OrganizationRecords;

/** The organisation-scoped reads of API keys ({@link OrganizationRecords}). */
@ApplicationScoped
public class ApiKeyRepository implements OrganizationRecords<ApiKeyEntity> {
}
