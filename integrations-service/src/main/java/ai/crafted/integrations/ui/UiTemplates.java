package ai.crafted.integrations.ui;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;

import ai.crafted.integrations.apikey.ApiKeyView;
import ai.crafted.integrations.audit.AuditEventView;
import ai.crafted.integrations.credential.CredentialView;
import ai.crafted.integrations.governance.CatalogVersionView;
import ai.crafted.integrations.governance.PluginToolsView;
import ai.crafted.integrations.integration.ConnectionTest;
import ai.crafted.integrations.integration.IntegrationView;
import ai.crafted.integrations.integration.IntegrationSummaryView;
import ai.crafted.integrations.organization.OrganizationName;
import ai.crafted.integrations.usage.UsageView;
import ai.crafted.integrations.whatsapp.WhatsAppAppRef;
import ai.crafted.integrations.whatsapp.WhatsAppAppView;
import ai.crafted.integrations.whatsapp.WhatsAppConversationView;

/** The UI's pages (templates/ui/*.html), type-checked against these parameters at build time. */
@CheckedTemplate(basePath = "ui")
public class UiTemplates {

    public static native TemplateInstance plugins(UiPage page, List<IntegrationSummaryView> plugins, ListControls list,
            String notice);

    /** @param test what "Test connection" found, or null before a test */
    public static native TemplateInstance install(UiPage page, PluginForm form, FormErrors errors,
            List<CredentialView> credentials, ConnectionTest test);

    /** @param usedBy the WhatsApp apps that selected the plugin and the API keys limited to it */
    public static native TemplateInstance plugin(UiPage page, PluginDetail plugin, PluginForm form, FormErrors errors,
            List<CredentialView> credentials, PluginUsers usedBy, String notice, PluginToolsView policy);

    /** A held tool's change, field by field, with the Accept button. */
    public static native TemplateInstance toolReview(UiPage page, ToolReviewPage review);

    public static native TemplateInstance catalogVersions(UiPage page, IntegrationView plugin, CatalogVersionView.Page versions);

    public static native TemplateInstance audit(UiPage page, AuditEventView.Page lines);

    public static native TemplateInstance credentials(UiPage page, List<CredentialView> credentials, ListControls list,
            CredentialForm form,
            FormErrors errors, String rowError, UUID rowErrorId, String notice, String redirectUri);

    public static native TemplateInstance whatsapp(UiPage page, List<WhatsAppAppView> apps, ListControls list, WhatsAppForm form,
            List<PluginChoice> choices, FormErrors errors, String notice);

    public static native TemplateInstance whatsappApp(UiPage page, WhatsAppAppView app, WhatsAppForm form,
            List<PluginChoice> choices, FormErrors errors, String notice, WhatsAppConversationView.Page conversations,
            WhatsAppConversationView.ParkedPage parked);

    public static native TemplateInstance whatsappConversation(UiPage page, WhatsAppAppView app,
            WhatsAppConversationView conversation, String notice);

    /** @param owners the WhatsApp apps by the id of their current gateway key */
    public static native TemplateInstance apiKeys(UiPage page, List<ApiKeyView> keys, ListControls list,
            Map<UUID, WhatsAppAppRef> owners, Map<UUID, IntegrationSummaryView> plugins,
            ApiKeyView created, FormErrors errors, String notice);

    /** @param organization the name as saved; {@code form} what the form shows (a refused save's input) */
    public static native TemplateInstance organization(UiPage page, OrganizationName organization, OrganizationForm form,
            FormErrors errors, String notice);

    /**
     * @param chart     the calls/errors chart ({@link UsageChart})
     * @param from      what the range form shows (the asked text after a refused range)
     * @param rangeError why the asked range was refused (the default range is shown), or null
     * @param defaultDays the days the default range covers ({@code integrations.usage.default-range-days})
     */
    public static native TemplateInstance usage(UiPage page, UsageView usage, RawString chart, String from, String to,
            String rangeError, int defaultDays);

    /**
     * @param pending      the approvals waiting for a decision, newest first
     * @param pendingTotal how many wait (the list shows the first {@code Paging.MAX_SIZE})
     * @param settled      the latest decided, expired or used ones
     */
    public static native TemplateInstance approvals(UiPage page, List<ApprovalCard> pending, long pendingTotal,
            List<ApprovalCard> settled, String notice);

    public static native TemplateInstance toolPreview(UiPage page, ToolPreviewPage preview);

    public static native TemplateInstance toolTrial(UiPage page, ToolTrialPage trial, FormErrors errors);

    public static native TemplateInstance error(UiPage page, int status, String code, String message);

    public static native TemplateInstance noOrganization(String user, String csrf);
}
