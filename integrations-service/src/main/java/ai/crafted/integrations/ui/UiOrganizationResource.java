package ai.crafted.integrations.ui;

import static ai.crafted.integrations.ui.UiForms.seeOther;

import java.util.UUID;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.auth.OrganizationAccess;
import ai.crafted.integrations.error.ErrorCodes;
import ai.crafted.integrations.organization.OrganizationName;
import ai.crafted.integrations.organization.OrganizationRequest;
import ai.crafted.integrations.organization.OrganizationService;

/**
 * The organisation's settings page: its name, a form for admins and the name alone for viewers
 * (whose posts the {@code TenancyFilter} refuses).
 */
@Path("/ui/orgs/{org}/settings")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiOrganizationResource {

    private final UiPages pages;
    private final OrganizationService organizations;
    private final OrganizationAccess access;

    public UiOrganizationResource(UiPages pages, OrganizationService organizations, OrganizationAccess access) {
        this.pages = pages;
        this.organizations = organizations;
        this.access = access;
    }

    @GET
    public Uni<TemplateInstance> show(@RestPath UUID org, @RestQuery String notice) {
        UiPage page = pages.page(org, "settings");
        return organizations.get(org).map(current -> UiTemplates.organization(page, current, OrganizationForm.of(current),
                FormErrors.NONE, notice));
    }

    /** Saves the name and comes back to this page; a refused or stale save re-renders the form with the input kept. */
    @POST
    public Uni<Object> save(@RestPath UUID org, @BeanParam OrganizationForm form) {
        UiPage page = pages.page(org, "settings");
        return UiForms.attempt(() -> organizations.rename(org, new OrganizationRequest(form.name), form.ifMatch(),
                        access.subject()))
                .<Object>map(saved -> seeOther(page.base() + "/settings?notice=saved"))
                .onFailure().recoverWithUni(failure -> organizations.get(org).map(current -> refused(page, current, form, failure)));
    }

    private static TemplateInstance refused(UiPage page, OrganizationName current, OrganizationForm form, Throwable failure) {
        FormErrors errors = FormErrors.from(failure);
        if (ErrorCodes.PRECONDITION_FAILED.equals(errors.code())) {
            errors = FormErrors.changedMeanwhile("organisation",
                    FormErrors.differences(OrganizationForm.of(current).values(), form.values()));
            // Saving again replaces the name saved meanwhile, as the message says.
            form.version = OrganizationForm.of(current).version;
        }
        return UiTemplates.organization(page, current, form, errors, null);
    }
}
