package ai.crafted.integrations.ui;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

import ai.crafted.integrations.audit.AuditReader;
import ai.crafted.integrations.auth.AdminOnly;
import ai.crafted.integrations.error.Paging;

/** The Audit page: the organisation's audit log, newest first, {@value #PAGE_SIZE} lines a page. */
@Path("/ui/orgs/{org}/audit")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class UiAuditResource {

    static final int PAGE_SIZE = 50;

    private final UiPages pages;
    private final AuditReader audit;

    public UiAuditResource(UiPages pages, AuditReader audit) {
        this.pages = pages;
        this.audit = audit;
    }

    /** Admins only, like {@code GET /organizations/{org}/audit}: the lines name the people who changed things. */
    @GET
    @AdminOnly
    public Uni<TemplateInstance> audit(@RestPath UUID org, @RestQuery String page) {
        UiPage frame = pages.page(org, "audit");
        int number = parsePage(page);
        return audit.page(org, new Paging(number, PAGE_SIZE)).map(lines -> UiTemplates.audit(frame, lines));
    }

    private static int parsePage(String text) {
        return Paging.of(text == null ? List.of() : List.of(text), List.of()).page();
    }
}
