package dev.cortado.cri.image.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
    @Test
    void parse_bearerInAnyOrderWithSpacesAndEscapes() {
        List<AuthChallenge> c = AuthChallenge.parse(
                "bearer scope=\"repository:a/b:pull,push\" , service = registry.io,realm=\"https://auth.io/t?x=\\\"1\\\"\"");
        assertThat(c).hasSize(1);
        assertThat(c.get(0).scheme()).isEqualTo("bearer");
        assertThat(c.get(0).param("realm")).isEqualTo("https://auth.io/t?x=\"1\"");
        assertThat(c.get(0).param("service")).isEqualTo("registry.io");
        assertThat(c.get(0).param("scope")).isEqualTo("repository:a/b:pull,push");
    }

    @Test
    void parse_severalChallengesInOneHeader() {
        List<AuthChallenge> c = AuthChallenge.parse("Basic realm=\"r\", Bearer realm=\"https://t\",service=\"s\"");
        assertThat(c).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
        assertThat(c.get(1).param("service")).isEqualTo("s");
    }

    @Test
    void parse_garbage_neverThrows() {
        assertThat(AuthChallenge.parse("=,,\"\"\\")).isEmpty();
        assertThat(AuthChallenge.parse("Bearer realm=\"unterminated")).hasSize(1);
    }
}
