package ai.crafted.integrations.credential;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.integrations.auth.OrganizationRecords;

/** The organisation-scoped reads of credentials ({@link OrganizationRecords}). */
@ApplicationScoped
public class CredentialRepository implements OrganizationRecords<CredentialEntity> {
}
