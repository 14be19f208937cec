package ai.crafted.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyMediaTypeTest {

    @Test
    void jsonIsApplicationJsonOrAPlusJsonTypeWithAnyParametersInAnyCase() {
        for (String json : new String[] {"application/json", "Application/JSON", "application/json; charset=utf-8",
                " application/json ;charset=UTF-8", "application/merge-patch+json", "application/vnd.api+json"}) {
            assertThat(BodyMediaType.isJson(json)).as(json).isTrue();
        }
        for (String other : new String[] {null, "", "text/plain", "application/jsonx", "text/json+xml", "application/x-www-form-urlencoded",
                "json", "application/+jsonp", "multipart/form-data; boundary=application/json"}) {
            assertThat(BodyMediaType.isJson(other)).as(String.valueOf(other)).isFalse();
        }
    }

    @Test
    void formsAreUrlEncodedAndEveryMultipartType() {
        for (String form : new String[] {"application/x-www-form-urlencoded", "APPLICATION/X-WWW-FORM-URLENCODED; charset=UTF-8",
                "multipart/form-data; boundary=b", "multipart/mixed", "Multipart/Related"}) {
            assertThat(BodyMediaType.isForm(form)).as(form).isTrue();
        }
        for (String other : new String[] {null, "application/json", "text/plain", "application/x-www-form-urlencodedx",
                "application/json; x=multipart/form-data"}) {
            assertThat(BodyMediaType.isForm(other)).as(String.valueOf(other)).isFalse();
        }
    }
}
