package dev.rightsflow.connectors.tasks.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class PackageCipherTest {

    private final PackageCipher cipher = new PackageCipher(new byte[32]);
    private final byte[] plain = "{\"email\":\"alex@example.org\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripsAndHidesThePlainText() {
        byte[] sealed = cipher.encrypt(plain, "pkg-1");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("alex@example.org");
        assertThat(cipher.decrypt(sealed, "pkg-1")).isEqualTo(plain);
        assertThat(cipher.encrypt(plain, "pkg-1")).as("a fresh nonce every time").isNotEqualTo(sealed);
    }

    @Test
    void aFileSwappedForAnotherIdOrAlteredOrUnderAnotherKeyIsRefused() {
        byte[] sealed = cipher.encrypt(plain, "pkg-1");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "pkg-2")).isInstanceOf(IllegalStateException.class);
        byte[] altered = Arrays.copyOf(sealed, sealed.length);
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(altered, "pkg-1")).isInstanceOf(IllegalStateException.class);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertThatThrownBy(() -> new PackageCipher(otherKey).decrypt(sealed, "pkg-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyAes256KeysAreAccepted() {
        assertThatThrownBy(() -> new PackageCipher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
