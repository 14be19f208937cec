package ai.crafted.integrations.oauth;

import java.net.URI;
import java.util.Optional;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;

import net.minidev.json.JSONObject;
import net.minidev.json.JSONValue;

import ai.crafted.mcp.oauth.AuthorizationTarget;

/**
 * What a credential keeps of discovery ({@code credentials.oauth_server_metadata}) so refreshes
 * need none: the resource indicator and the authorization server's metadata, as JSON
 * {@code {"resource": "...", "server": {RFC 8414 metadata}}}.
 */
final class StoredTarget {

    private StoredTarget() {
    }

    static String write(AuthorizationTarget target) {
        JSONObject stored = new JSONObject();
        stored.put("resource", target.resource().toString());
        stored.put("server", target.server().toJSONObject());
        return stored.toJSONString();
    }

    /**
     * @param scope the scope the credential asked for, null for none
     * @throws IllegalStateException when the stored text is not what {@link #write} wrote
     */
    static AuthorizationTarget read(String stored, String scope) {
        try {
            JSONObject json = (JSONObject) JSONValue.parseWithException(stored);
            return new AuthorizationTarget(URI.create((String) json.get("resource")), null,
                    AuthorizationServerMetadata.parse((JSONObject) json.get("server")), Optional.ofNullable(scope));
        } catch (ParseException | net.minidev.json.parser.ParseException | ClassCastException e) {
            throw new IllegalStateException("the stored authorization server metadata cannot be read", e);
        }
    }
}
