package ai.crafted.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import ai.crafted.events.SealedSecret;
import ai.crafted.secrets.AesGcmKeyring;

class AesGcmKeyringTest {

    private static final String K1 = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final String K2 = "k2:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void sealsWithTheActiveKeyAndOpensWithTheNamedOne() {
        SealedSecret old = AesGcmKeyring.parse(K1, "k1").seal("s3cret", "cred:1");
        AesGcmKeyring rotated = AesGcmKeyring.parse(K1 + "," + K2, "k2");

        SealedSecret fresh = rotated.seal("n3w", "cred:1");

        assertThat(fresh.keyId()).isEqualTo("k2");
        assertThat(fresh.ciphertext()).doesNotContain("n3w");
        assertThat(rotated.open(old, "cred:1")).isEqualTo("s3cret");
        assertThat(rotated.open(fresh, "cred:1")).isEqualTo("n3w");
    }

    @Test
    void aCiphertextMovedToAnotherRecordDoesNotOpen() {
        AesGcmKeyring keyring = AesGcmKeyring.parse(K1, "k1");
        SealedSecret sealed = keyring.seal("s3cret", "cred:1");

        assertThatThrownBy(() -> keyring.open(sealed, "cred:2")).hasMessageContaining("tampered");
    }

    @Test
    void sealingTwiceGivesDifferentCiphertextsButTheSameFingerprint() {
        AesGcmKeyring keyring = AesGcmKeyring.parse(K1, "k1");

        assertThat(keyring.seal("x", "a").ciphertext()).isNotEqualTo(keyring.seal("x", "a").ciphertext());
        assertThat(keyring.fingerprint("x")).isEqualTo(keyring.fingerprint("x")).hasSize(12)
                .isNotEqualTo(keyring.fingerprint("y"));
    }

    @Test
    void refusesAShortKeyOrAnUnknownActiveKey() {
        assertThatThrownBy(() -> AesGcmKeyring.parse("k:" + Base64.getEncoder().encodeToString(new byte[16]), "k"))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> AesGcmKeyring.parse(K1, "nope")).hasMessageContaining("not in the keyring");
    }
}
