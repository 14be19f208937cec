package ai.crafted.integrations.auth;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Documents the {@code X-Org-Id} header on every operation under {@code /organizations/}, where
 * {@link TenancyFilter} requires it: declared once here, not on each resource method.
 */
public class OrganizationHeaderInOpenApi implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/organizations/")) {
                item.getOperations().values().forEach(operation -> operation.addParameter(OASFactory.createParameter()
                        .name(OrganizationAccess.ORG_HEADER)
                        .in(Parameter.In.HEADER)
                        .required(true)
                        .description("The organisation the request acts for; must equal {organizationId} and be granted"
                                + " by the token's crafted_orgs claim")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uuid"))));
            }
        });
    }
}
