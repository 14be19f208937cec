package ai.crafted.testsupport.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
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

    private static final String KEY_ID = "crafted-dev";
    private static final PrivateKey KEY = loadKey();
    private static final String JWKS = loadJwks();

    private DevTokens() {
    }

    /** A token whose {@value #ORGS_CLAIM} claim maps each organisation id to "admin" or "viewer". */
    public static String mint(String subject, Map<String, String> organizationRoles, Duration lifetime) {
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .claim(ORGS_CLAIM, organizationRoles)
                .expiresIn(lifetime)
                .jws().keyId(KEY_ID)
                .sign(KEY);
    }

    /**
     * An OpenID Connect ID token for the dev login provider: issued by {@code issuer} for the UI's
     * client id, carrying the same organisation claim as the API tokens.
     */
    public static String mintIdToken(String issuer, String clientId, String subject, Map<String, String> organizationRoles,
            String nonce, Duration lifetime) {
        var builder = Jwt.issuer(issuer).audience(clientId).subject(subject)
                .claim("preferred_username", subject)
                .claim(ORGS_CLAIM, organizationRoles)
                .expiresIn(lifetime);
        if (nonce != null) {
            builder.claim("nonce", nonce);
        }
        return builder.jws().keyId(KEY_ID).sign(KEY);
    }

    /** The development public key as a JSON Web Key Set, for the dev login provider's jwks_uri. */
    public static String publicJwks() {
        return JWKS;
    }

    private static String loadJwks() {
        try (InputStream in = DevTokens.class.getResourceAsStream("/dev-keys/dev-signing-key.pub.pem")) {
            RSAPublicKey key = (RSAPublicKey) KeyUtils.decodePublicKey(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"n\":\""
                    + b64.encodeToString(unsigned(key.getModulus())) + "\",\"e\":\""
                    + b64.encodeToString(unsigned(key.getPublicExponent())) + "\"}]}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the development public key is unreadable", e);
        }
    }

    /** JWK numbers are unsigned big-endian: drop the sign byte BigInteger adds. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
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
