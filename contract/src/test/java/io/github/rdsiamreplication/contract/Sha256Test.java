package io.github.rdsiamreplication.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {
    /** FIPS 180-2's example: SHA-256("abc"). */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void theWholeDigestIsTheKnownOne() {
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    }

    @Test
    void aShortDigestIsTheLeadingBytesOfTheWholeOne() {
        assertThat(Sha256.shortHex("abc", 4)).isEqualTo(ABC.substring(0, 8));
        assertThat(Sha256.shortHex("abc", 8)).isEqualTo(ABC.substring(0, 16));
        assertThat(Sha256.shortHex("abc", 32)).isEqualTo(ABC);
    }

    @Test
    void textIsDigestedAsUtf8() {
        assertThat(Sha256.shortHex("réplica", 8))
                .isEqualTo(Sha256.hex("réplica".getBytes(StandardCharsets.UTF_8)).substring(0, 16))
                .isNotEqualTo(Sha256.hex("réplica".getBytes(StandardCharsets.ISO_8859_1)).substring(0, 16));
    }

    @Test
    void aLengthOutsideTheDigestIsRefused() {
        assertThatThrownBy(() -> Sha256.shortHex("abc", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 32");
        assertThatThrownBy(() -> Sha256.shortHex("abc", 33)).isInstanceOf(IllegalArgumentException.class);
    }
}
