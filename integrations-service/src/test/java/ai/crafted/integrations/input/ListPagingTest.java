package ai.crafted.integrations.input;

import static ai.crafted.integrations.ControlPanelApi.asAdmin;
import static ai.crafted.integrations.ControlPanelApi.asViewer;
import static ai.crafted.integrations.ControlPanelApi.newOrg;
import static ai.crafted.integrations.ControlPanelApi.storeBearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The organisation-wide lists (credentials, API keys, WhatsApp apps, plugins) answer a page at a
 * time with {@code page}, {@code size} and {@code total}, oldest first: walking the pages gives
 * every record once, in creation order.
 */
@QuarkusTest
class ListPagingTest {

    private final String org = newOrg();
    /** Apps live apart: each app gets its own gateway API key, which the key list shows. */
    private final String appsOrg = newOrg();

    @Test
    void walkingThePagesOfEachListGivesEveryRecordOnceInCreationOrder() {
        List<String> credentials = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> apps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            credentials.add(storeBearer(org, "c" + i, "secret-" + i));
            keys.add(asAdmin(org).body("{\"name\":\"k" + i + "\"}").post("/organizations/{org}/api-keys", org)
                    .then().statusCode(201).extract().path("id"));
            apps.add(asAdmin(appsOrg).body("""
                    {"phoneNumberId":"%d","displayName":"App %d","accessToken":"t","appSecret":"s",
                     "verifyToken":"verify-token","model":"gpt-4o-mini"}""".formatted(200000000L + i * 7919L + (long) (Math.random() * 1e8), i))
                    .post("/organizations/{org}/whatsapp-apps", appsOrg).then().statusCode(201).extract().path("id"));
        }
        Map<String, List<String>> lists = Map.of("/organizations/" + org + "/credentials", credentials,
                "/organizations/" + org + "/api-keys", keys, "/organizations/" + appsOrg + "/whatsapp-apps", apps);
        for (Map.Entry<String, List<String>> list : lists.entrySet()) {
            String owner = list.getKey().split("/")[2];
            List<String> walked = new ArrayList<>();
            for (int page = 0; page < 3; page++) {
                JsonPath body = asViewer(owner).get(list.getKey() + "?size=2&page=" + page).then().statusCode(200)
                        .extract().jsonPath();
                assertThat(body.getInt("page")).isEqualTo(page);
                assertThat(body.getInt("size")).isEqualTo(2);
                assertThat(body.getLong("total")).as(list.getKey()).isEqualTo(5);
                walked.addAll(body.getList("items.id"));
            }
            assertThat(walked).as(list.getKey()).containsExactlyElementsOf(list.getValue());
            JsonPath whole = asViewer(owner).get(list.getKey()).then().statusCode(200).extract().jsonPath();
            assertThat(whole.getInt("size")).isEqualTo(50);
            assertThat(whole.getList("items.id")).containsExactlyElementsOf(list.getValue());
        }
    }
}
