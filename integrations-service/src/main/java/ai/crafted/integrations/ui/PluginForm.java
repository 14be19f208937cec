package ai.crafted.integrations.ui;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.resteasy.reactive.RestForm;

import ai.crafted.events.McpTransport;
import ai.crafted.integrations.integration.IntegrationView;

/**
 * The Install / Edit MCP server form as submitted (and shown again, with its errors, when the
 * API refuses it). {@code credential} is an id, "" for none, or {@value #NEW_CREDENTIAL} to
 * create one from the {@code newCredential*} fields first. Secrets are never shown again.
 */
public class PluginForm {

    public static final String NEW_CREDENTIAL = "new";

    @RestForm public String displayName = "";
    @RestForm public String slug = "";
    @RestForm public String description = "";
    @RestForm public String endpoint = "";
    @RestForm public String transport = McpTransport.STREAMABLE_HTTP.wireName();
    @RestForm public String timeoutMs = "";
    @RestForm public String toolResultMaxChars = "";
    @RestForm public String credential = "";
    @RestForm public String newCredentialName = "";
    @RestForm public String newCredentialType = "bearer";
    @RestForm public String newCredentialHeader = "";
    /** Write-only: read from the request, never rendered. */
    @RestForm public String newCredentialSecret;
    /** The entity tag (epoch milliseconds of updatedAt) of the integration the Edit form was filled from. */
    @RestForm public String version = "";

    public static PluginForm of(IntegrationView view) {
        PluginForm form = new PluginForm();
        form.displayName = view.displayName();
        form.slug = view.slug();
        form.description = view.description() == null ? "" : view.description();
        form.endpoint = view.config().endpoint();
        form.transport = view.config().transport().wireName();
        form.timeoutMs = view.config().timeoutMs() == null ? "" : view.config().timeoutMs().toString();
        form.toolResultMaxChars = view.config().toolResultMaxChars() == null ? "" : view.config().toolResultMaxChars().toString();
        form.credential = view.credentialId() == null ? "" : view.credentialId().toString();
        form.version = UiForms.version(view.updatedAt());
        return form;
    }

    /** The form's editable values by the API's field names, to compare a stale form with what is saved. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("displayName", displayName);
        values.put("description", description);
        values.put("config.endpoint", endpoint);
        values.put("config.transport", transport);
        values.put("credentialId", credential);
        values.put("config.timeoutMs", timeoutMs);
        values.put("config.toolResultMaxChars", toolResultMaxChars);
        return values;
    }

    /** The {@code If-Match} of this edit ({@link UiForms#ifMatch}). */
    public String ifMatch() {
        return UiForms.ifMatch(version);
    }

    public boolean credentialIs(Object id) {
        return credential != null && credential.equals(String.valueOf(id));
    }

    public boolean hasNoCredential() {
        return credential == null || credential.isBlank();
    }

    public boolean createsCredential() {
        return NEW_CREDENTIAL.equals(credential);
    }

    @Override
    public String toString() {
        return "PluginForm[" + slug + "]";
    }
}
