package ai.crafted.integrations.error;

import java.util.List;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.vertx.core.http.HttpServerRequest;

/**
 * The {@code ?page=&size=} query parameters every list endpoint takes ({@code @BeanParam}). The
 * annotated fields document them in the OpenAPI document; the values are read from the request
 * itself, every one as sent, because RESTEasy drops an empty {@code ?page=} (it must be a 400
 * like any other non-number, not the first page) and {@link Paging#of} refuses a repeated one.
 */
public class PageQuery {

    @Context
    HttpServerRequest request;

    @QueryParam("page")
    @Parameter(description = "the page, counted from 0: 0 to 1000000", schema = @Schema(type = SchemaType.INTEGER))
    List<String> page;

    @QueryParam("size")
    @Parameter(description = "items per page: 1 to 200, default 50", schema = @Schema(type = SchemaType.INTEGER))
    List<String> size;

    @QueryParam("q")
    @Parameter(description = "only items whose names contain this text (case-insensitive), at most 200 characters")
    List<String> q;

    @QueryParam("sort")
    @Parameter(description = "order: created (default, oldest first), name and, where listed, slug or updated; "
            + "a leading - reverses it (e.g. -created)")
    List<String> sort;

    /** @throws ApiException 400 {@code invalid_request} naming {@code page} or {@code size} */
    public Paging paging() {
        return Paging.of(request.params().getAll("page"), request.params().getAll("size"));
    }

    /** The page with the search and order ({@code ?q=}, {@code ?sort=}); @throws ApiException 400 naming the parameter. */
    public ListQuery listQuery() {
        return ListQuery.of(paging(), request.params().getAll("q"), request.params().getAll("sort"));
    }
}
