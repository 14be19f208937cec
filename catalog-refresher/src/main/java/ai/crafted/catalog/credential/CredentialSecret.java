package ai.crafted.catalog.credential;

import java.util.Map;
import java.util.UUID;

/** An opened credential, held in memory only. */
record CredentialSecret(UUID organizationId, long version, String type, String headerName, String secret) {

    Map<String, String> headers() {
        return Map.of(headerName, "bearer".equals(type) ? "Bearer " + secret : secret);
    }

    @Override
    public String toString() {
        return "CredentialSecret[" + organizationId + ", " + type + ", " + headerName + "]";
    }
}
