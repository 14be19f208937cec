package ai.crafted.integrations.trial;

import jakarta.enterprise.context.ApplicationScoped;

import ai.crafted.integrations.auth.OrganizationRecords;

/** The organisation-scoped reads of tool trials ({@link OrganizationRecords}). */
@ApplicationScoped
public class ToolTrialRepository implements OrganizationRecords<ToolTrialEntity> {
}
