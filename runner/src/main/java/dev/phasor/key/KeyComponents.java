package dev.phasor.key;

import dev.phasor.internal.Hashing;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The ordered name/value pairs hashed into a step key, kept so a person can see why a key changed.
 *
 * @param components the pairs, in hashing order
 */
public record KeyComponents(List<Component> components) {

    /** One pair. */
    public record Component(String name, String value) {
    }

    static Builder builder() {
        return new Builder();
    }

    /** SHA-256 over each component as {@code name=<length>:value;}, in hex. */
    public String digest() {
        MessageDigest sha = Hashing.sha256();
        for (Component c : components) {
            Hashing.component(sha, c.name, c.value);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static final class Builder {
        private final List<Component> list = new ArrayList<>();

        Builder add(String name, String value) {
            list.add(new Component(name, value));
            return this;
        }

        KeyComponents build() {
            return new KeyComponents(List.copyOf(list));
        }
    }
}
