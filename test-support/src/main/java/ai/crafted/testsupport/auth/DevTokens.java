package ai.crafted.testsupport.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Map;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Mints control-panel access tokens signed with the committed development key, which the
 * services trust only in their {@code %dev} and {@code %test} profiles. Production trusts a real
 * OIDC provider instead.
 */
public final class DevTokens {

    public static final String ISSUER = "https://auth.crafted.local/dev";
    public static final String AUDIENCE = "crafted-control-panel";
    public static final String ORGS_CLAIM = "crafted_orgs";

    private static final PrivateKey KEY = loadKey();

    private DevTokens() {
    }

    /** A token whose {@value #ORGS_CLAIM} claim maps each organisation id to "admin" or "viewer". */
    public static String mint(String subject, Map<String, String> organizationRoles, Duration lifetime) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .claim(ORGS_CLAIM, organizationRoles)
                .expiresIn(lifetime)
                .jws().keyId("crafted-dev")
                .sign(KEY);
    }

    public static String admin(String organizationId) {
        return mint("admin@" + organizationId, Map.of(organizationId, "admin"), Duration.ofHours(1));
    }

    public static String viewer(String organizationId) {
        return mint("viewer@" + organizationId, Map.of(organizationId, "viewer"), Duration.ofHours(1));
    }

    private static PrivateKey loadKey() {
        try (InputStream in = DevTokens.class.getResourceAsStream("/dev-keys/dev-signing-key.pem")) {
            return KeyUtils.decodePrivateKey(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the development signing key is unreadable", e);
        }
    }
}
