package ai.crafted.integrations.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.specification.RequestSpecification;

/** Requests of the web UI the way a signed-in browser sends them (its session token, redirects not followed). */
final class UiRequests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private UiRequests() {
    }

    static RequestSpecification ui(String token) {
        return given().auth().oauth2(token).redirects().follow(false);
    }

    /** The CSRF token of a page's forms. */
    static String csrfOf(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as("the page has a CSRF field").isTrue();
        return m.group(1);
    }
}
