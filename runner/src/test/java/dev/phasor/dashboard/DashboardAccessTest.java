package dev.phasor.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 20, point 4: a dashboard on a loopback address is open, as before; on any other address it answers only
 * requests carrying a random token, and its refusals say why without giving the token away.
 */
class DashboardAccessTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "localhost"})
    void aLoopbackAddressNeedsNoToken(String bind) throws Exception {
        DashboardAccess access = DashboardAccess.forAddress(InetAddress.getByName(bind));
        assertTrue(access.token().isEmpty(), bind);
        assertNull(access.refusal(null), "a request without a token is let in on " + bind);
        assertEquals(URI.create("http://127.0.0.1:8780/"), access.addTo(URI.create("http://127.0.0.1:8780/")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "10.1.2.3", "::"})
    void anyOtherAddressNeedsARandomTokenOfAtLeast128Bits(String bind) throws Exception {
        DashboardAccess access = DashboardAccess.forAddress(InetAddress.getByName(bind));
        String token = access.token().orElseThrow();
        assertTrue(token.matches("[A-Za-z0-9_-]+"), "URL-safe base64 without padding: " + token);
        assertTrue(Base64.getUrlDecoder().decode(token).length * 8 >= 128, token);
        assertNotEquals(token, DashboardAccess.forAddress(InetAddress.getByName(bind)).token().orElseThrow(),
                "each dashboard draws its own token");
    }

    @Test
    void onlyTheRightTokenIsLetInAndTheRefusalsSayWhyWithoutTheToken() {
        String token = DashboardAccess.newToken();
        DashboardAccess access = DashboardAccess.withToken(token);
        assertNull(access.refusal(token));
        String missing = access.refusal(null);
        assertTrue(missing.contains("needs its token"), missing);
        assertEquals(missing, access.refusal(""));
        String wrong = access.refusal(DashboardAccess.newToken());
        assertTrue(wrong.contains("wrong token"), wrong);
        assertTrue(access.refusal(token.substring(1)).contains("wrong token"), "a prefix is not the token");
        assertTrue(access.refusal(token + "x").contains("wrong token"), "nor is a longer string");
        assertFalse(missing.contains(token) || wrong.contains(token), "a refusal never tells the token");
    }

    @Test
    void thePagesAddressCarriesTheToken() {
        String token = DashboardAccess.newToken();
        URI page = DashboardAccess.withToken(token).addTo(URI.create("http://10.1.2.3:8780/"));
        assertEquals("token=" + token, page.getQuery());
    }

    @Test
    void aShortOrUnsafeTokenIsRefused() {
        for (String bad : new String[] {"short", "a".repeat(21), "with space and more than enough chars", null}) {
            assertThrows(IllegalArgumentException.class, () -> DashboardAccess.withToken(bad), bad);
        }
    }
}
