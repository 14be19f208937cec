package ai.crafted.integrations.input;

import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import ai.crafted.integrations.ApiRoutes;
import ai.crafted.integrations.ApiRoutes.Route;
import ai.crafted.testsupport.auth.DevTokens;
import ai.crafted.testsupport.input.GeneratedInput;

/**
 * Property-based: at least 10,000 generated bodies per endpoint family (integrations,
 * credentials, API keys, WhatsApp apps, the organisation; the routes enumerated from the OpenAPI document), grown
 * around a valid body by {@link GeneratedInput}, get no 5xx and every 4xx is a JSON error with a
 * code; afterwards the service is still ready. A failure names the seed
 * ({@code -Dgenerated-input.seed=…} replays it).
 */
@QuarkusTest
class GeneratedInputTest {

    private static final int PER_FAMILY = 10_000;
    /** Families whose bodies have one field, a URL. */
    private static final Set<String> URL_ONLY = Set.of("approval-webhook");

    @TestHTTPResource("/")
    URL base;

    @Test
    void tenThousandGeneratedBodiesPerEndpointFamilyGetNo5xxAndTheServiceStaysReady() {
        long seed = GeneratedInput.seed();
        String org = newOrg();
        Map<String, String> ids = ValidBodies.existingRecords(org);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + DevTokens.admin(org), "X-Org-Id", org);
        Map<String, List<Route>> families = ApiRoutes.all().stream().filter(Route::hasBody)
                .collect(Collectors.groupingBy(GeneratedInputTest::family, TreeMap::new, Collectors.toList()));
        assertThat(families).containsOnlyKeys("api-keys", "approval-webhook", "approvals", "credentials", "integrations", "organization", "whatsapp-apps");

        for (var family : families.entrySet()) {
            int sent = 0;
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Route route : family.getValue()) {
                String valid = ValidBodies.of(route);
                assertThat(valid).as("a valid sample body for " + route).isNotNull();
                int count = (PER_FAMILY + family.getValue().size() - 1) / family.getValue().size();
                var bodies = GeneratedInput.around(valid, count, seed ^ route.toString().hashCode());
                URI uri = URI.create(base.toString().replaceAll("/$", "") + route.path(org, ids));
                GeneratedInput.Report report = GeneratedInput.send(uri, route.method().toUpperCase(), headers, bodies, 8);
                String what = route + " (seed " + seed + ")";
                assertThat(report.serverErrors()).as(what + ": 5xx answers").isEmpty();
                assertThat(report.shapeErrors()).as(what + ": 4xx without a JSON error code").isEmpty();
                sent += report.sent();
                report.statuses().forEach((status, n) -> statuses.merge(status, n, Integer::sum));
            }
            assertThat(sent).as(family.getKey()).isGreaterThanOrEqualTo(PER_FAMILY);
            if (URL_ONLY.contains(family.getKey())) {
                // Its one field is a URL, and generated text (letters and digits) never is one: its sample must pass.
                for (Route route : family.getValue()) {
                    assertThat(given().headers(headers).contentType("application/json").body(ValidBodies.of(route))
                            .request(route.method().toUpperCase(), route.path(org, ids)).statusCode()).as(route + " sample")
                            .isLessThan(300);
                }
                assertThat(statuses.keySet()).as(family.getKey() + " answers " + statuses).anyMatch(status -> status >= 400);
            } else {
                // Some generated bodies are valid: the generator must reach past validation, not only bounce off it.
                assertThat(statuses.keySet()).as(family.getKey() + " answers " + statuses).anyMatch(status -> status < 300)
                        .anyMatch(status -> status >= 400);
            }
            System.out.printf("generated input %s: %d bodies, answers %s (seed %d)%n", family.getKey(), sent, statuses, seed);
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    /** The records a route is about: the path's part after the organisation, or the organisation itself. */
    private static String family(Route route) {
        String[] parts = route.template().split("/");
        return parts.length > 3 ? parts[3] : "organization";
    }
}
