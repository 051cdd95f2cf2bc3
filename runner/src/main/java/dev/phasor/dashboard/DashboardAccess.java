package dev.phasor.dashboard;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Who may read a dashboard: anyone who reaches it, or only requests that carry its token (a random string the
 * page's printed address holds as {@code ?token=...}). {@link #forAddress} decides from the address it listens
 * on: loopback stays open, as before; any other address, reachable from the network, requires a token.
 * Immutable and thread-safe.
 *
 * <p>The token rides in the query of every request, not in a cookie set on the first page load: cookies are not
 * isolated by port (RFC 6265, section 8.5), so one would also reach any other web server on the host, whoever
 * runs it. The page's script adds the token to each request it makes ({@code dashboard.js}), and the server adds
 * it to the page's links to its own files; the address the user opened holds it anyway.
 */
public final class DashboardAccess {

    /** The query parameter that carries the token, on every request of the page. */
    public static final String PARAMETER = "token";
    /** 256 random bits: far beyond guessing, even at many requests a second for years. */
    private static final int TOKEN_BYTES = 32;
    private static final DashboardAccess OPEN = new DashboardAccess(null);

    /** The token a request must carry; null when any request is let in. */
    private final String token;

    private DashboardAccess(String token) {
        this.token = token;
    }

    /** Open on a loopback address (this machine only); a fresh random token on any other, wildcard included. */
    public static DashboardAccess forAddress(InetAddress bind) {
        return bind.isLoopbackAddress() ? OPEN : withToken(newToken());
    }

    /** Every request is let in. */
    public static DashboardAccess open() {
        return OPEN;
    }

    /** Only requests carrying {@code token} are let in. */
    public static DashboardAccess withToken(String token) {
        if (token == null || !token.matches("[A-Za-z0-9_-]{22,}")) {
            throw new IllegalArgumentException("a dashboard token is at least 22 URL-safe base64 characters"
                    + " (128 bits)");
        }
        return new DashboardAccess(token);
    }

    /** A new token: {@value #TOKEN_BYTES} bytes of {@link SecureRandom}, URL-safe base64 without padding. */
    static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The token requests must carry, if any. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /**
     * Why a request carrying {@code given} (null when it carries none) is refused, or null when it is let in. The
     * reason never contains the token. Compared in constant time, so that answer times do not reveal how much of
     * a guess was right.
     */
    public String refusal(String given) {
        if (token == null) {
            return null;
        }
        if (given == null || given.isEmpty()) {
            return "forbidden: this dashboard needs its token; open the address it printed at start"
                    + " (http://HOST:PORT/?token=...)\n";
        }
        boolean right = MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
        return right ? null : "forbidden: wrong token; open the address the dashboard printed at start\n";
    }

    /** {@code path} (which has no query) with the token added, as the page's links to its own files need it. */
    String addTo(String path) {
        return token == null ? path : path + "?" + PARAMETER + "=" + token;
    }

    /** {@code page} (which has no query) with the token added: the address to give people. */
    URI addTo(URI page) {
        return URI.create(addTo(page.toString()));
    }
}
