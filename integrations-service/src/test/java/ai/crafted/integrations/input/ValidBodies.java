package ai.crafted.integrations.input;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.install;
import static ai.crafted.integrations.ControlPanelApi.storeBearer;

import java.util.Map;
import java.util.UUID;

import ai.crafted.integrations.ApiRoutes.Route;
import ai.crafted.testsupport.postgres.TestDatabase;

/** A valid body for every control-panel route that takes one, and records for the routes that need an id. */
final class ValidBodies {

    private static final Map<String, String> BY_ROUTE_BEFORE_GOVERNANCE = Map.ofEntries(
            Map.entry("POST /organizations/{organizationId}/integrations", """
                    {"kind":"mcp","slug":"bad-input","displayName":"Bad input","description":"d",
                     "config":{"endpoint":"https://mcp.example.com/bad","transport":"streamable-http","timeoutMs":1000},
                     "credentialId":null}"""),
            Map.entry("PATCH /organizations/{organizationId}/integrations/{integrationId}", """
                    {"displayName":"Renamed","description":"e","config":{"endpoint":"https://mcp.example.com/other","timeoutMs":2000}}"""),
            Map.entry("POST /organizations/{organizationId}/credentials", """
                    {"name":"bad-input","type":"header","headerName":"X-Api-Key","secret":"s3cret"}"""),
            Map.entry("POST /organizations/{organizationId}/credentials/{credentialId}/rotate", """
                    {"secret":"n3w-secret"}"""),
            Map.entry("POST /organizations/{organizationId}/integrations/connection-test", """
                    {"config":{"endpoint":"https://localhost:1/mcp","timeoutMs":1000},"credentialId":null}"""),
            Map.entry("POST /organizations/{organizationId}/integrations/{integrationId}/tool-trials", """
                    {"toolName":"echo","arguments":{"message":"hi","times":2}}"""),
            Map.entry("POST /organizations/{organizationId}/api-keys", """
                    {"name":"bad-input","expiresInDays":30,"mcpPluginIds":[]}"""),
            Map.entry("POST /organizations/{organizationId}/whatsapp-apps", """
                    {"phoneNumberId":"555000111","displayName":"Line","accessToken":"EAAG-token","appSecret":"secret",
                     "verifyToken":"verify-token","model":"gpt-4o-mini","systemPrompt":"Be brief.","mcpPluginIds":[]}"""),
            Map.entry("PATCH /organizations/{organizationId}/whatsapp-apps/{appId}", """
                    {"displayName":"Line 2","model":"gpt-4o","systemPrompt":"Be kind.","mcpPluginIds":[]}"""),
            Map.entry("PUT /organizations/{organizationId}", """
                    {"name":"Bad input"}"""),
            Map.entry("POST /organizations/{organizationId}/approvals/{approvalId}/approve", """
                    {"reason":"Ticket OPS-1"}"""),
            Map.entry("POST /organizations/{organizationId}/approvals/{approvalId}/deny", """
                    {"reason":"Not now"}"""),
            Map.entry("PUT /organizations/{organizationId}/approval-webhook", """
                    {"url":"https://hooks.example.com/crafted/approvals"}"""));

    private static final Map<String, String> GOVERNANCE = Map.of(
            "PATCH /organizations/{organizationId}/integrations/{integrationId}/tools/{toolName}", """
                    {"enabled":false,"approvalOverride":"required"}""",
            "POST /organizations/{organizationId}/integrations/{integrationId}/tools/{toolName}/accept", """
                    {"hash":"sha256:0000000000000000000000000000000000000000000000000000000000000000"}""",
            "PUT /organizations/{organizationId}/integrations/{integrationId}/tool-settings", """
                    {"newTools":"held"}""");

    private static final Map<String, String> BY_ROUTE = new java.util.HashMap<>(BY_ROUTE_BEFORE_GOVERNANCE);

    static {
        BY_ROUTE.putAll(GOVERNANCE);
    }

    private ValidBodies() {
    }

    /** The valid body of the route, or null when none is known (the callers fail on that). */
    static String of(Route route) {
        return BY_ROUTE.get(route.toString());
    }

    /** An integration, a credential and a WhatsApp app of the organisation, by path parameter name. */
    static Map<String, String> existingRecords(String org) {
        String integration = install(org, "existing");
        String credential = storeBearer(org, "existing", "existing-secret");
        String app = asAdmin(org).body("""
                {"phoneNumberId":"%d","displayName":"Existing","accessToken":"t","appSecret":"s",
                 "verifyToken":"verify-existing","model":"gpt-4o-mini"}""".formatted(100000000L + (long) (Math.random() * 1e9)))
                .post("/organizations/{org}/whatsapp-apps", org).then().statusCode(201).extract().path("id");
        // A pending approval, as the gateway would have published it (approve and deny need one to reach past validation).
        String approval = UUID.randomUUID().toString();
        TestDatabase.update("insert into approvals (id, organization_id, version, status, surface, exposed_name, tool_name,"
                + " arguments, requested_at, expires_at, updated_at) values (?::uuid, ?::uuid, 1, 'pending', 'api',"
                + " 'files__delete_file', 'delete_file', '{}', now(), now() + interval '15 minutes', now())", approval, org);
        return Map.of("integrationId", integration, "credentialId", credential, "appId", app,
                "apiKeyId", UUID.randomUUID().toString(), "approvalId", approval);
    }
}
