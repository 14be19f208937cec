package ai.crafted.integrations.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void describesEveryControlPanelEndpointWithExamples() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();

        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        assertThat(paths.get("/organizations/{organizationId}/integrations")).containsKeys("get", "post");
        assertThat(paths.get("/organizations/{organizationId}/integrations/{integrationId}"))
                .containsKeys("get", "patch", "delete");
        assertThat(paths.get("/organizations/{organizationId}/credentials")).containsKeys("get", "post");
        assertThat(paths.get("/organizations/{organizationId}/credentials/{credentialId}")).containsKeys("get", "delete");
        assertThat(paths.get("/organizations/{organizationId}/credentials/{credentialId}/rotate")).containsKey("post");
        assertThat(paths.get("/organizations/{organizationId}")).containsOnlyKeys("get", "put");
        assertThat(paths.get("/organizations/{organizationId}/usage")).containsOnlyKeys("get");
        assertThat(doc.getMap("components.schemas.UsageView.properties")).containsKeys("plugins", "models", "days", "totals");
        assertThat(doc.getList("components.schemas.OrganizationView.properties.role.enum")).containsExactly("admin", "viewer");
        assertThat(paths.keySet()).as("the web UI's HTML pages are not API").noneMatch(path -> path.startsWith("/ui"));
        assertThat(doc.getString("components.schemas.IntegrationRequest.properties.slug.examples[0]"))
                .isEqualTo("support-crm");
        assertThat(doc.getMap("components.securitySchemes")).containsKey("bearer");
    }
}
