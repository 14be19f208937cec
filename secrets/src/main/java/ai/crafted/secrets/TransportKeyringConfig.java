package ai.crafted.secrets;

import io.smallrye.config.ConfigMapping;

/**
 * The transport keyring: it seals secrets on Kafka ({@code credential-updated},
 * {@code whatsapp-app-updated}) and is shared only by integrations-service and the services that
 * open those secrets. Format {@code <id>:<base64 32-byte key>[,<id>:<key>...]}; the active id names
 * the key new secrets are sealed with. Env: {@code CREDENTIALS_TRANSPORT_KEYRING},
 * {@code CREDENTIALS_TRANSPORT_KEY_ID}.
 */
@ConfigMapping(prefix = "credentials.transport")
public interface TransportKeyringConfig {

    String keyring();

    String activeKeyId();
}
